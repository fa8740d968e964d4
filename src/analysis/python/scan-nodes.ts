import type { PyNode } from '../../parsers/python.js';
import { Memo } from '../memo.js';
import { walk } from './ast.js';

/** The node types route extraction, the cors collector and the service collector act on. */
const SCANNED = new Set(['call', 'assignment', 'augmented_assignment', 'function_definition', 'pair', 'string']);

const scanned = new Memo<PyNode, readonly PyNode[]>();

/**
 * The nodes below `root` (itself included) of the SCANNED types, in pre-order: what a full walk
 * that acts only on those types would visit them in. Three analyses walk every node of every
 * module for a few types; one walk per tree serves them all, and each then touches only its
 * nodes. Kept on the root, so it lives exactly as long as the tree.
 */
export function scannedNodes(root: PyNode): readonly PyNode[] {
  let nodes = scanned.get(root);
  if (!nodes) {
    const found: PyNode[] = [];
    walk(root, (node) => {
      if (SCANNED.has(node.type)) found.push(node);
    });
    scanned.set(root, (nodes = found));
  }
  return nodes;
}
