import type { Tree } from 'web-tree-sitter';

/** A row and column as tree-sitter gives them: 0-based, columns in UTF-16 code units. */
export interface Point {
  row: number;
  column: number;
}

/**
 * What the nodes of one tree share: the text it was parsed from (line starts found once, when a
 * position is first asked), and the nodes in pre-order with each subtree's end, so a walk is a
 * loop over an array rather than a descent.
 */
class Source {
  private lineStarts: number[] | undefined;
  nodes: PyNode[] = [];
  /** Index in `nodes` just past each node's subtree. */
  subtreeEnds: Int32Array = new Int32Array(0);
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

  /** Depth-first pre-order walk from this node; `enter` returning `false` skips a node's children. */
  walk(enter: (node: PyNode) => boolean | void): void {
    const { nodes, subtreeEnds } = this.source;
    // Nodes are numbered in pre-order as they are built, so a node's index is its id's offset.
    let i = this.id - nodes[0].id;
    const stop = subtreeEnds[i];
    while (i < stop) i = enter(nodes[i]) === false ? subtreeEnds[i] : i + 1;
  }
}

/**
 * A tree as flat arrays in pre-order: what a worker thread can hand over without copying
 * (all arrays view one buffer, which is transferred), and what `buildTree` turns into nodes.
 */
export interface EncodedTree {
  count: number;
  typeIds: Uint16Array;
  /** Bit 0: named; bit 1: missing. */
  flags: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Index of the parent; -1 for the root. */
  parents: Int32Array;
  /** Field id under the parent; 0 for none. */
  fieldIds: Uint16Array;
}

/** Names of the grammar's type and field ids, the same in every thread that loads it. */
export interface GrammarNames {
  types: readonly string[];
  fields: readonly (string | null)[];
}

const NAMED = 1;
const MISSING = 2;

/** One cursor pass over a tree-sitter tree into flat arrays; the caller frees the tree. */
export function encodeTree(tree: Tree): EncodedTree {
  let capacity = 1024;
  let typeIds = new Uint16Array(capacity);
  let flags = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let parents = new Int32Array(capacity);
  let fieldIds = new Uint16Array(capacity);
  let count = 0;
  const grow = () => {
    capacity *= 2;
    const more = <T extends Uint16Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    [typeIds, flags, starts, ends, parents, fieldIds] = [more(typeIds), more(flags), more(starts), more(ends), more(parents), more(fieldIds)];
  };
  const cursor = tree.walk();
  const open: number[] = [];
  const add = (parent: number) => {
    if (count === capacity) grow();
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const typeId = cursor.nodeTypeId;
    // Named-ness belongs to the (possibly aliased) symbol, so one answer per type id serves all nodes.
    let named = namedByTypeId[typeId];
    if (named === undefined) named = namedByTypeId[typeId] = cursor.nodeIsNamed;
    // Missing nodes are zero-width; asking only then saves a wasm call per node.
    const missing = start === end && cursor.nodeIsMissing;
    typeIds[count] = typeId;
    flags[count] = (named ? NAMED : 0) | (missing ? MISSING : 0);
    starts[count] = start;
    ends[count] = end;
    parents[count] = parent;
    fieldIds[count] = parent < 0 ? 0 : cursor.currentFieldId;
    count++;
  };
  add(-1);
  let current = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      open.push(current);
    } else {
      let moved = false;
      while (!moved && open.length) {
        if (cursor.gotoNextSibling()) moved = true;
        else {
          cursor.gotoParent();
          open.pop();
        }
      }
      if (!moved) break;
    }
    current = count;
    add(open[open.length - 1]);
  }
  cursor.delete();
  return packed(count, { typeIds, flags, starts, ends, parents, fieldIds });
}

/**
 * The arrays cut to `count` in one buffer, 32-bit arrays first so every view is aligned: one
 * buffer to transfer between threads, not six.
 */
function packed(count: number, a: Omit<EncodedTree, 'count'>): EncodedTree {
  const buffer = new ArrayBuffer(count * (4 * 3 + 2 * 2 + 1));
  let offset = 0;
  const take = <T extends Int32Array | Uint16Array | Uint8Array>(View: new (b: ArrayBuffer, o: number, n: number) => T, source: T): T => {
    const view = new View(buffer, offset, count);
    view.set(source.subarray(0, count));
    offset += count * view.BYTES_PER_ELEMENT;
    return view;
  };
  const starts = take(Int32Array, a.starts);
  const ends = take(Int32Array, a.ends);
  const parents = take(Int32Array, a.parents);
  const typeIds = take(Uint16Array, a.typeIds);
  const fieldIds = take(Uint16Array, a.fieldIds);
  const flags = take(Uint8Array, a.flags);
  return { count, typeIds, flags, starts, ends, parents, fieldIds };
}

/** The nodes of an encoded tree, linked to their parents, children and fields. */
export function buildTree(encoded: EncodedTree, text: string, names: GrammarNames): PyNode {
  const source = new Source(text);
  const { count, typeIds, flags, starts, ends, parents, fieldIds } = encoded;
  // Children arrays are made at their final size: grown by push, a two-child node would carry
  // V8's default spare capacity, and trees are most of what an audit allocates.
  const childCount = new Int32Array(count);
  const hasField = new Uint8Array(count);
  for (let i = 1; i < count; i++) {
    childCount[parents[i]]++;
    if (fieldIds[i]) hasField[parents[i]] = 1;
  }
  const filled = new Int32Array(count);
  const nodes: PyNode[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const node = new PyNode(names.types[typeIds[i]] || 'ERROR', (flags[i] & NAMED) !== 0, (flags[i] & MISSING) !== 0, starts[i], ends[i], source);
    nodes[i] = node;
    if (childCount[i]) {
      node.children = new Array<PyNode>(childCount[i]);
      if (hasField[i]) node.fields = new Array<string | undefined>(childCount[i]).fill(undefined);
    }
    const p = parents[i];
    if (p < 0) continue;
    const parent = nodes[p];
    node.parent = parent;
    const slot = filled[p]++;
    (parent.children as PyNode[])[slot] = node;
    if (fieldIds[i] && parent.fields) (parent.fields as (string | undefined)[])[slot] = names.fields[fieldIds[i]] ?? undefined;
  }
  // Children come after their parent in pre-order, so one backward pass settles `hasError` and
  // where each subtree ends.
  const subtreeEnds = new Int32Array(count);
  for (let i = count - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!subtreeEnds[i]) subtreeEnds[i] = i + 1;
    if (node.isMissing || node.type === 'ERROR') node.hasError = true;
    const p = parents[i];
    if (p < 0) continue;
    if (node.hasError) nodes[p].hasError = true;
    if (subtreeEnds[i] > subtreeEnds[p]) subtreeEnds[p] = subtreeEnds[i];
  }
  source.nodes = nodes;
  source.subtreeEnds = subtreeEnds;
  return nodes[0];
}
