import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readLockfile, type LockfileData } from './lockfile.js';
import { encodePython } from './python.js';
import type { EncodedTree } from './python-tree.js';
import type { ParseResult } from './result.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import type { TextScanResults } from '../analysis/text-scans.js';

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/** The kinds parsed off the rules' thread: their parse results are plain data, cheap to hand over. */
export type OffThreadKind = 'python' | 'lockfile';

export interface OffThreadItem {
  kind: OffThreadKind;
  text: string;
  path: string;
}

export interface OffThreadResult {
  parsed: ParseResult<EncodedTree> | ParseResult<LockfileData>;
  /** The text scans run beside the parse; absent when this thread parsed after all. */
  scans?: TextScanResults;
}

type Settle = (result: OffThreadResult) => void;

interface Pending {
  items: OffThreadItem[];
  settle: Settle[];
}

/** The same parse in this thread: the fallback when a worker fails. */
async function parseHere(item: OffThreadItem): Promise<OffThreadResult> {
  return { parsed: item.kind === 'python' ? await encodePython(item.text) : readLockfile(item.text, item.path) };
}

/**
 * Worker threads that parse ahead of the rules. A failed worker is not fatal: what it held, and
 * everything after, is parsed in this thread instead.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private broken = false;
  private closing = false;

  private constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL);
      worker.on('message', (reply: ParseReply) => this.settle(reply));
      worker.on('error', () => this.fail());
      // A worker that stops before the pool is closed, whatever its exit code, has failed.
      worker.on('exit', () => this.closing || this.fail());
      this.workers.push(worker);
    }
  }

  /** A pool of `size` threads, or none where the compiled worker is missing (tests from sources). */
  static start(size: number): ParsePool | undefined {
    if (size < 1 || !existsSync(fileURLToPath(WORKER_URL))) return undefined;
    return new ParsePool(size);
  }

  get size(): number {
    return this.workers.length;
  }

  /** One promise per item; the items travel to one worker as one message. */
  parseAll(items: OffThreadItem[]): Promise<OffThreadResult>[] {
    if (this.broken) return items.map(parseHere);
    const id = this.nextId++;
    const settle: Settle[] = [];
    const promises = items.map((_, i) => new Promise<OffThreadResult>((resolve) => (settle[i] = resolve)));
    this.pending.set(id, { items, settle });
    const request: ParseRequest = { id, items };
    this.workers[id % this.workers.length].postMessage(request);
    return promises;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle({ id, results }: ParseReply): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    waiting.settle.forEach((settle, i) => settle(results[i]));
  }

  private fail(): void {
    if (this.broken) return;
    this.broken = true;
    for (const [id, { items, settle }] of this.pending) {
      this.pending.delete(id);
      items.forEach((item, i) => void parseHere(item).then(settle[i]));
    }
    this.closing = true;
    for (const worker of this.workers) void worker.terminate();
  }
}
