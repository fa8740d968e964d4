import type { Node } from '@babel/types';

const SKIP_KEYS = new Set([
  'type',
  'loc',
  'start',
  'end',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  'errors',
]);

/**
 * An AST flattened once in pre-order with each node's depth and subtree end: every rule walks
 * every JS file, and iterating an array is several times cheaper than re-descending objects.
 */
interface FlatAst {
  nodes: Node[];
  depth: Int32Array;
  end: Int32Array;
  /** Built when a walk first starts below the root: most walks start at the program. */
  indexOf?: Map<Node, number>;
}

/**
 * The few most recently flattened trees. A small window, not a map keyed by node: a rule that
 * keeps one node for `done()` must not keep its whole file's AST and index alive with it.
 */
const recent: FlatAst[] = [];
const RECENT_TREES = 4;

function flatten(root: Node): FlatAst {
  const nodes: Node[] = [];
  const depths: number[] = [];
  const ends: number[] = [];
  const visit = (node: Node, depth: number) => {
    const index = nodes.length;
    nodes.push(node);
    depths.push(depth);
    ends.push(0);
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, depth + 1);
      } else if (isNode(value)) visit(value, depth + 1);
    }
    ends[index] = nodes.length;
  };
  visit(root, 0);
  return { nodes, depth: Int32Array.from(depths), end: Int32Array.from(ends) };
}

function indexIn(flat: FlatAst, node: Node): number | undefined {
  if (flat.nodes[0] === node) return 0;
  if (!flat.indexOf) {
    const indexOf = (flat.indexOf = new Map<Node, number>());
    flat.nodes.forEach((n, i) => indexOf.set(n, i));
  }
  return flat.indexOf.get(node);
}

function flatAstOf(node: Node): { flat: FlatAst; index: number } {
  for (const flat of recent) if (flat.nodes[0] === node) return { flat, index: 0 };
  for (const flat of recent) {
    const index = indexIn(flat, node);
    if (index !== undefined) return { flat, index };
  }
  const flat = flatten(node);
  recent.unshift(flat);
  if (recent.length > RECENT_TREES) recent.pop();
  return { flat, index: 0 };
}

/**
 * Depth-first pre-order walk over a babel AST with the chain of ancestors (nearest last, starting
 * below `root`'s own ancestors). Return `false` from `enter` to skip a node's children.
 */
export function walk(root: Node, enter: (node: Node, ancestors: readonly Node[]) => boolean | void): void {
  const { flat, index } = flatAstOf(root);
  const stop = flat.end[index];
  const base = flat.depth[index];
  const ancestors: Node[] = [];
  let i = index;
  while (i < stop) {
    // Popping is several times cheaper than assigning `length` in V8's hot loop.
    const depth = flat.depth[i] - base;
    while (ancestors.length > depth) ancestors.pop();
    const node = flat.nodes[i];
    if (enter(node, ancestors) === false) {
      i = flat.end[i];
      continue;
    }
    ancestors.push(node);
    i++;
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function lineOf(node: Node): number {
  return node.loc?.start.line ?? 1;
}

export function columnOf(node: Node): number {
  return (node.loc?.start.column ?? 0) + 1;
}

export type FunctionNode = Extract<
  Node,
  { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' | 'ObjectMethod' | 'ClassMethod' | 'ClassPrivateMethod' }
>;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    !!node &&
    (node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ArrowFunctionExpression' ||
      node.type === 'ObjectMethod' ||
      node.type === 'ClassMethod' ||
      node.type === 'ClassPrivateMethod')
  );
}

/** The nearest enclosing function among the ancestors, if any. */
export function enclosingFunction(ancestors: readonly Node[]): FunctionNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (isFunction(a)) return a;
  }
  return undefined;
}

/** Top-level statements, looking through `export` wrappers. */
export function topLevelStatements(program: Node): Node[] {
  if (program.type !== 'Program') return [];
  return program.body.map((s) =>
    (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration ? s.declaration : s,
  );
}
