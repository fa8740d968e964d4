import type { Tree } from 'web-tree-sitter';

/** A row and column as tree-sitter gives them: 0-based, columns in UTF-16 code units. */
export interface Point {
  row: number;
  column: number;
}

/** The text a tree was parsed from, with line starts found once, when a position is first asked. */
class Source {
  private lineStarts: number[] | undefined;
  constructor(readonly text: string) {}

  point(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: index - starts[low] };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

let nextId = 1;
const namedByTypeId: boolean[] = [];
const NO_NODES: readonly PyNode[] = Object.freeze([]);

/**
 * A Python syntax node copied out of tree-sitter into plain JS, with the subset of tree-sitter's
 * Node API the analyses use.
 *
 * Why a copy: every read on a tree-sitter node crosses into wasm and allocates a wrapper, and
 * `parent` re-descends from the root. Rules read `type`, `parent` and fields for every node of
 * every file, which made those reads most of an audit's time. Copying once costs one cursor pass;
 * the wasm tree is freed at once, and the copy is ordinary garbage once no rule holds a node.
 */
export class PyNode {
  readonly id = nextId++;
  parent: PyNode | null = null;
  children: readonly PyNode[] = NO_NODES;
  /** The field name of each child, where the grammar names one. */
  fields: readonly (string | undefined)[] | undefined;
  hasError = false;
  private named: readonly PyNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: Source,
  ) {}

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get startPosition(): Point {
    return this.source.point(this.startIndex);
  }

  get endPosition(): Point {
    return this.source.point(this.endIndex);
  }

  get namedChildren(): readonly PyNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): PyNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): PyNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(name: string): PyNode | null {
    const fields = this.fields;
    if (!fields) return null;
    for (let i = 0; i < fields.length; i++) if (fields[i] === name) return this.children[i];
    return null;
  }

  childrenForFieldName(name: string): PyNode[] {
    const fields = this.fields;
    const out: PyNode[] = [];
    if (fields) for (let i = 0; i < fields.length; i++) if (fields[i] === name) out.push(this.children[i]);
    return out;
  }

  get nextNamedSibling(): PyNode | null {
    const siblings = this.parent?.children ?? NO_NODES;
    for (let i = siblings.indexOf(this) + 1; i > 0 && i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  toString(): string {
    return `(${this.type})`;
  }
}

/** Copies a tree-sitter tree in one cursor pass; the caller frees the tree. */
export function copyTree(tree: Tree, text: string): PyNode {
  const source = new Source(text);
  const types = tree.language.types;
  const fieldNames = tree.language.fields;
  const cursor = tree.walk();
  const make = (): PyNode => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Missing nodes are zero-width; asking only then saves a wasm call per node.
    const missing = start === end && cursor.nodeIsMissing;
    const typeId = cursor.nodeTypeId;
    // Named-ness belongs to the (possibly aliased) symbol, so one answer per type id serves all nodes.
    let named = namedByTypeId[typeId];
    if (named === undefined) named = namedByTypeId[typeId] = cursor.nodeIsNamed;
    return new PyNode(types[typeId] || 'ERROR', named, missing, start, end, source);
  };
  const root = make();
  const open: { node: PyNode; children: PyNode[]; fields: (string | undefined)[]; anyField: boolean }[] = [];
  let current = root;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      open.push({ node: current, children: [], fields: [], anyField: false });
    } else {
      current.hasError ||= current.isMissing || current.type === 'ERROR';
      let moved = false;
      while (!moved && open.length) {
        if (cursor.gotoNextSibling()) moved = true;
        else {
          cursor.gotoParent();
          close(open.pop()!);
        }
      }
      if (!moved) break;
    }
    const frame = open[open.length - 1];
    current = make();
    current.parent = frame.node;
    const field = fieldNames[cursor.currentFieldId] ?? undefined;
    frame.children.push(current);
    frame.fields.push(field);
    if (field) frame.anyField = true;
  }
  cursor.delete();
  return root;
}

function close(frame: { node: PyNode; children: PyNode[]; fields: (string | undefined)[]; anyField: boolean }): void {
  const node = frame.node;
  node.children = frame.children;
  if (frame.anyField) node.fields = frame.fields;
  node.hasError = node.isMissing || node.type === 'ERROR' || frame.children.some((c) => c.hasError);
}
