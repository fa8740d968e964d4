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
 * Depth-first pre-order walk over a babel AST with the chain of ancestors (nearest last).
 * Return `false` from `enter` to skip a node's children.
 */
export function walk(root: Node, enter: (node: Node, ancestors: readonly Node[]) => boolean | void): void {
  const ancestors: Node[] = [];
  const visit = (node: Node) => {
    if (enter(node, ancestors) === false) return;
    ancestors.push(node);
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) visit(value);
    }
    ancestors.pop();
  };
  visit(root);
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
