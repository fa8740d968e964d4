import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { encodePython } from './python.js';
import type { EncodedTree } from './python-tree.js';
import type { ParseResult } from './result.js';
import type { ParseReply, ParseRequest } from './python-worker.js';

const WORKER_URL = new URL('./python-worker.js', import.meta.url);

type Settle = (result: ParseResult<EncodedTree>) => void;

interface Pending {
  texts: string[];
  settle: Settle[];
}

/**
 * Worker threads that parse Python ahead of the rules. A failed worker is not fatal: what it
 * held, and everything after, is parsed in this thread instead.
 */
export class PythonParsePool {
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
  static start(size: number): PythonParsePool | undefined {
    if (size < 1 || !existsSync(fileURLToPath(WORKER_URL))) return undefined;
    return new PythonParsePool(size);
  }

  get size(): number {
    return this.workers.length;
  }

  encode(text: string): Promise<ParseResult<EncodedTree>> {
    return this.encodeAll([text])[0];
  }

  /** One promise per text; the texts travel to one worker as one message. */
  encodeAll(texts: string[]): Promise<ParseResult<EncodedTree>>[] {
    if (this.broken) return texts.map((text) => encodePython(text));
    const id = this.nextId++;
    const settle: Settle[] = [];
    const promises = texts.map((_, i) => new Promise<ParseResult<EncodedTree>>((resolve) => (settle[i] = resolve)));
    this.pending.set(id, { texts, settle });
    const request: ParseRequest = { id, texts };
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
    for (const [id, { texts, settle }] of this.pending) {
      this.pending.delete(id);
      texts.forEach((text, i) => void encodePython(text).then(settle[i]));
    }
    this.closing = true;
    for (const worker of this.workers) void worker.terminate();
  }
}
