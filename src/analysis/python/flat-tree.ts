import { Node } from 'web-tree-sitter';
import type { PyNode } from '../../parsers/python.js';

/**
 * A Python tree flattened once, in pre-order, with each node's type, parent and subtree end.
 *
 * Why: every read of `type`, `parent`, `endIndex` or `childForFieldName` on a tree-sitter node
 * crosses into wasm and allocates a fresh wrapper; `parent` even re-descends from the root. Dozens
 * of rules read them for every node of every file, which made those reads most of an audit's time.
 * The flat index answers them from arrays, and the getters below consult it first.
 */
export interface FlatTree {
  tree: object;
  nodes: PyNode[];
  types: string[];
  parent: Int32Array;
  /** Index one past the node's last descendant. */
  end: Int32Array;
  indexById: Map<number, number>;
  byType: Map<string, number[]>;
  fieldChildren: Map<string, PyNode | null>;
  endIndex: Int32Array;
}

/**
 * The few most recently flattened trees: a window rather than a map keyed by node, so a rule that
 * keeps one node for `done()` does not pin its whole file. The engine frees each tree after its
 * visitors; the window lets go of it a few files later.
 */
const recent: FlatTree[] = [];
const RECENT_TREES = 4;

const proto = Node.prototype as unknown as Record<string, unknown>;
const original = {
  type: Object.getOwnPropertyDescriptor(proto, 'type')!.get!,
  parent: Object.getOwnPropertyDescriptor(proto, 'parent')!.get!,
  endIndex: Object.getOwnPropertyDescriptor(proto, 'endIndex')!.get!,
  childForFieldName: proto.childForFieldName as (this: PyNode, name: string) => PyNode | null,
};

/** The flat tree and index of the last lookup; module state so the hot getters allocate nothing. */
let hitFlat: FlatTree | undefined;
let hitIndex = -1;

function find(node: PyNode): boolean {
  const tree = node.tree as unknown as object;
  for (const flat of recent) {
    if (flat.tree !== tree) continue;
    const index = flat.indexById.get(node.id);
    if (index === undefined) return false;
    hitFlat = flat;
    hitIndex = index;
    return true;
  }
  return false;
}

function lookup(node: PyNode): { flat: FlatTree; index: number } | undefined {
  return find(node) ? { flat: hitFlat!, index: hitIndex } : undefined;
}

Object.defineProperty(proto, 'type', {
  configurable: true,
  get(this: PyNode) {
    return find(this) ? hitFlat!.types[hitIndex] : original.type.call(this);
  },
});

Object.defineProperty(proto, 'parent', {
  configurable: true,
  get(this: PyNode) {
    if (!find(this)) return original.parent.call(this);
    const p = hitFlat!.parent[hitIndex];
    return p < 0 ? null : hitFlat!.nodes[p];
  },
});

Object.defineProperty(proto, 'endIndex', {
  configurable: true,
  get(this: PyNode) {
    const hit = lookup(this);
    if (!hit) return original.endIndex.call(this);
    let value = hit.flat.endIndex[hit.index];
    if (value < 0) value = hit.flat.endIndex[hit.index] = original.endIndex.call(this);
    return value;
  },
});

proto.childForFieldName = function childForFieldName(this: PyNode, name: string): PyNode | null {
  const hit = lookup(this);
  if (!hit) return original.childForFieldName.call(this, name);
  const key = `${hit.index}\u0000${name}`;
  const cached = hit.flat.fieldChildren.get(key);
  if (cached !== undefined) return cached;
  const child = original.childForFieldName.call(this, name);
  // Hand out the shared node, so its cached facts serve the next reader too.
  const shared = child ? (hit.flat.nodes[hit.flat.indexById.get(child.id) ?? -1] ?? child) : null;
  hit.flat.fieldChildren.set(key, shared);
  return shared;
};

function flatten(root: PyNode): FlatTree {
  const nodes: PyNode[] = [];
  const types: string[] = [];
  const parents: number[] = [];
  const ends: number[] = [];
  const open: number[] = [];
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    nodes.push(node);
    types.push(original.type.call(node));
    parents.push(open.length ? open[open.length - 1] : -1);
    ends.push(0);
    if (cursor.gotoFirstChild()) {
      open.push(nodes.length - 1);
      continue;
    }
    ends[nodes.length - 1] = nodes.length;
    let moved = false;
    while (!moved) {
      if (cursor.gotoNextSibling()) moved = true;
      else if (open.length && cursor.gotoParent()) ends[open.pop()!] = nodes.length;
      else break;
    }
    if (!moved) break;
  }
  cursor.delete();
  while (open.length) ends[open.pop()!] = nodes.length;
  const indexById = new Map<number, number>();
  const byType = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    indexById.set(node.id, i);
    const list = byType.get(types[i]);
    if (list) list.push(i);
    else byType.set(types[i], [i]);
  });
  return {
    tree: root.tree as unknown as object,
    nodes,
    types,
    parent: Int32Array.from(parents),
    end: Int32Array.from(ends),
    indexById,
    byType,
    fieldChildren: new Map(),
    endIndex: new Int32Array(nodes.length).fill(-1),
  };
}

/** The flat tree holding `node`, built from its tree's root on first use. */
export function flatTreeOf(node: PyNode): { flat: FlatTree; index: number } | undefined {
  if (!node.tree) return undefined;
  const hit = lookup(node);
  if (hit) return hit;
  if (recent.some((f) => f.tree === (node.tree as unknown as object))) return undefined;
  const flat = flatten(node.tree.rootNode);
  recent.unshift(flat);
  if (recent.length > RECENT_TREES) recent.pop();
  const index = flat.indexById.get(node.id);
  return index === undefined ? undefined : { flat, index };
}
