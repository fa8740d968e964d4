import type { PyNode } from '../../parsers/python.js';

/**
 * Small, allocation-light helpers over Python syntax nodes. Keep plain values, not nodes, past the
 * visitor: a kept node holds its whole file's tree in memory.
 */

/** Depth-first pre-order walk; return `false` from `enter` to skip a node's children. */
export function walk(root: PyNode, enter: (node: PyNode) => boolean | void): void {
  root.walk(enter);
}

/** Every node of a type below `root` (including root), in source order. */
export function descendantsOfType(root: PyNode, types: string | string[]): PyNode[] {
  const wanted = typeof types === 'string' ? [types] : types;
  const out: PyNode[] = [];
  walk(root, (node) => void (wanted.includes(node.type) && out.push(node)));
  return out;
}

/** 1-based line and column of a node. */
export function lineOf(node: PyNode): number {
  return node.startPosition.row + 1;
}

export function columnOf(node: PyNode): number {
  return node.startPosition.column + 1;
}

/** `a.b.c` for identifier/attribute chains, else undefined (calls, subscripts). */
export function dottedName(node: PyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : undefined;
  }
  return undefined;
}

/** The enclosing function_definition, if any (lambdas do not count). */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** The enclosing class_definition, if any. */
export function enclosingClass(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return undefined;
}

/** Whether a function is `async def`. */
export function isAsyncFunction(fn: PyNode): boolean {
  return fn.children.some((c) => c?.type === 'async');
}

/** Decorator expressions of a function or class (the part after `@`). */
export function decoratorsOf(def: PyNode): PyNode[] {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c): c is PyNode => c?.type === 'decorator').map((d) => d.namedChild(0)!).filter(Boolean);
}

/** Whether the node sits under `if __name__ == "__main__":`. */
export function underMainGuard(node: PyNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const condition = p.childForFieldName('condition');
    if (condition && /__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__/.test(condition.text)) return true;
  }
  return false;
}
