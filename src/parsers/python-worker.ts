import { parentPort } from 'node:worker_threads';
import { encodePython } from './python.js';
import type { EncodedTree } from './python-tree.js';
import type { ParseResult } from './result.js';

/**
 * A Python parsing thread: tree-sitter parses and the tree is flattened here, and the arrays are
 * transferred (not copied) to the thread that runs the rules, which only builds nodes from them.
 * Files come and go in batches: a message between threads costs more than parsing a small file.
 */
export interface ParseRequest {
  id: number;
  texts: string[];
}

export interface ParseReply {
  id: number;
  results: ParseResult<EncodedTree>[];
}

parentPort!.on('message', async ({ id, texts }: ParseRequest) => {
  const results: ParseResult<EncodedTree>[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const text of texts) {
    const result = await encodePython(text);
    results.push(result);
    if (result.ok) buffers.push(result.value.starts.buffer as ArrayBuffer);
  }
  const reply: ParseReply = { id, results };
  parentPort!.postMessage(reply, buffers);
});
