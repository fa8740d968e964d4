import { parentPort } from 'node:worker_threads';
import { runTextScans } from '../analysis/text-scans.js';
import { readLockfile } from './lockfile.js';
import { encodePython, pythonParser } from './python.js';
import type { OffThreadItem, OffThreadResult } from './parse-pool.js';

/**
 * A parsing thread, for the parses whose result is plain data: Python (tree-sitter's tree
 * flattened into arrays, which are transferred, not copied) and lockfiles (the package table).
 * The rules' thread turns each into its model. Files come and go in batches: a message between
 * threads costs more than parsing a small file.
 */
export interface ParseRequest {
  id: number;
  items: OffThreadItem[];
}

export interface ParseReply {
  id: number;
  results: OffThreadResult[];
}


// Load the grammar while the rules' thread is still walking the repository. A failure here
// resurfaces, and is reported, with the first file.
pythonParser().catch(() => undefined);

parentPort!.on('message', async ({ id, items }: ParseRequest) => {
  const results: OffThreadResult[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const item of items) {
    const scans = runTextScans(item.text);
    if (item.kind === 'python') {
      const parsed = await encodePython(item.text);
      results.push({ parsed, scans });
      if (parsed.ok) buffers.push(parsed.value.starts.buffer as ArrayBuffer);
    } else {
      results.push({ parsed: readLockfile(item.text, item.path), scans });
    }
  }
  const reply: ParseReply = { id, results };
  parentPort!.postMessage(reply, buffers);
});
