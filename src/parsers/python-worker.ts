import { parentPort } from 'node:worker_threads';
import { encodePython } from './python.js';

/**
 * A Python parsing thread: tree-sitter parses and the tree is flattened here, and the arrays are
 * transferred (not copied) to the thread that runs the rules, which only builds nodes from them.
 */
export interface ParseRequest {
  id: number;
  text: string;
}

parentPort!.on('message', async ({ id, text }: ParseRequest) => {
  const result = await encodePython(text);
  if (!result.ok) {
    parentPort!.postMessage({ id, result });
    return;
  }
  const e = result.value;
  const buffers = [e.typeIds, e.flags, e.starts, e.ends, e.parents, e.fieldIds].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage({ id, result }, buffers);
});
