import { performance } from 'node:perf_hooks';
import { PARSERS } from '../parsers/index.js';
import { parseText } from '../parsers/text.js';
import type { TextScanResults } from '../analysis/text-scans.js';
import { pythonGrammarNames, pythonModel } from '../parsers/python.js';
import { lockfileModel, type LockfileData } from '../parsers/lockfile.js';
import type { OffThreadKind, OffThreadResult, ParsePool } from '../parsers/parse-pool.js';
import type { EncodedTree } from '../parsers/python-tree.js';
import type { ParseResult } from '../parsers/result.js';
import type { InventoryEntry } from './inventory.js';
import type { Config } from './config.js';
import type { PreparedTree } from './prepare.js';
import { PARSE_ERROR_RULE_ID, type RawFinding } from './raw.js';
import type { Diagnostic, FileKind, ParsedFile, ReportDescriptor, Rule, Visitors } from './types.js';

export interface RuleRun {
  raw: RawFinding[];
  diagnostics: Diagnostic[];
  parseTime: Record<string, number>;
  ruleTime: Record<string, number>;
  /** Threads used: this one, plus any Python parser threads. */
  threads: number;
}

interface Listener {
  rule: Rule;
  visit: (file: ParsedFile) => void;
}

/**
 * The single pass: every file is parsed at most once per kind, only for kinds some rule listens
 * to, and the same frozen model goes to every listener; then each rule's `done()` concludes.
 */
export async function runRules(tree: PreparedTree, rules: readonly Rule[], config: Config, pool?: ParsePool, timing = true): Promise<RuleRun> {
  // Two clock reads per rule per file add up over a large repository: only when asked.
  const now = timing ? () => performance.now() : () => 0;
  const { entries, texts, inventory } = tree;
  const raw: RawFinding[] = [];
  const diagnostics: Diagnostic[] = [];
  const listeners = new Map<FileKind, Listener[]>();
  const doneHooks: { rule: Rule; done: () => void | Promise<void> }[] = [];
  const parseTime: Record<string, number> = {};
  const ruleTime: Record<string, number> = {};

  for (const rule of rules) {
    const ctx = {
      inventory,
      options: ruleOptions(config, rule.meta.id),
      report(descriptor: ReportDescriptor) {
        raw.push({ rule, descriptor });
      },
    };
    let visitors: Visitors;
    try {
      visitors = rule.create(ctx);
    } catch (error) {
      diagnostics.push(crash(rule, '.', error));
      continue;
    }
    for (const [key, visit] of Object.entries(visitors)) {
      if (key === 'done') {
        doneHooks.push({ rule, done: visit as () => void | Promise<void> });
        continue;
      }
      const kind = key as FileKind;
      const list = listeners.get(kind) ?? [];
      list.push({ rule, visit: visit as (file: ParsedFile) => void });
      listeners.set(kind, list);
    }
  }

  const parseErrorRule = rules.find((r) => r.meta.id === PARSE_ERROR_RULE_ID);
  // Reporting parse failures is listening too: those kinds get parsed even with no other rule.
  for (const kind of parseErrorRule?.meta.kinds ?? []) if (!listeners.has(kind)) listeners.set(kind, []);
  const offThread = OFF_THREAD_KINDS.filter((kind) => listeners.has(kind));
  const prefetch = pool && offThread.length ? new Prefetch(pool, offThread, entries, texts) : undefined;
  for (const entry of entries) {
    const text = texts.get(entry.path) ?? '';
    const kinds: FileKind[] = entry.kind ? [entry.kind, 'text'] : ['text'];
    let scans: TextScanResults | undefined;
    for (const kind of kinds) {
      const kindListeners = listeners.get(kind);
      if (!kindListeners) continue;
      const t0 = now();
      let parsed: ParseResult<unknown>;
      if (prefetch?.handles(kind)) ({ parsed, scans } = await prefetch.take(entry.path, kind, text));
      else parsed = kind === 'text' ? parseText(text, scans) : await safeParse(kind, text, entry.path);
      parseTime[kind] = (parseTime[kind] ?? 0) + (now() - t0);
      if (!parsed.ok || parsed.recovered) {
        const failure = parsed.ok ? parsed.recovered! : parsed.error;
        diagnostics.push({ path: entry.path, line: failure.line, kind: 'parse-error', message: failure.message });
        if (parseErrorRule) {
          raw.push({
            rule: parseErrorRule,
            descriptor: {
              messageId: 'parseError',
              data: { kind, detail: failure.message },
              evidence: [{ path: entry.path, line: failure.line ?? 1 }],
            },
          });
        }
        if (!parsed.ok) continue;
      }
      const file = Object.freeze({ path: entry.path, kind, text, model: parsed.value }) as ParsedFile;
      for (const listener of kindListeners) {
        const r0 = now();
        try {
          listener.visit(file);
        } catch (error) {
          diagnostics.push(crash(listener.rule, entry.path, error));
        }
        if (timing) ruleTime[listener.rule.meta.id] = (ruleTime[listener.rule.meta.id] ?? 0) + (now() - r0);
      }
    }
  }

  for (const { rule, done } of doneHooks) {
    const r0 = now();
    try {
      await done();
    } catch (error) {
      diagnostics.push(crash(rule, '.', error));
    }
    ruleTime[rule.meta.id] = (ruleTime[rule.meta.id] ?? 0) + (now() - r0);
  }
  return { raw, diagnostics, parseTime, ruleTime, threads: 1 };
}

function ruleOptions(config: Config, id: string): Record<string, unknown> {
  const setting = config.rules?.[id];
  return setting && typeof setting === 'object' ? (setting.options ?? {}) : {};
}

async function safeParse(kind: FileKind, text: string, path: string): Promise<ParseResult<unknown>> {
  try {
    return await PARSERS[kind](text, path);
  } catch (error) {
    // Parsers are meant not to throw; a stack overflow on pathological nesting still can.
    return { ok: false, error: { message: error instanceof Error ? error.message.split('\n')[0] : String(error) } };
  }
}

function crash(rule: Rule, path: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { path, kind: 'rule-crash', ruleId: rule.meta.id, message: `rule ${rule.meta.id} crashed: ${message}` };
}

/**
 * Files per message to a parser thread. Messages are dear: a send can wait on the other
 * thread (most of all on a loaded machine: 0.9 s of 3,808 single-file sends on the 4x bench), so
 * batches grow from a small first one, which keeps the first wait short, to 64 files.
 */
const FIRST_BATCH = 8;
const MAX_BATCH = 64;
/** Files parsed ahead of the rules: enough to keep the pool busy, few enough to bound memory. */
const PREFETCH_AHEAD = 128;

const OFF_THREAD_KINDS: readonly OffThreadKind[] = ['python', 'lockfile'];

/** Files the pool parses, handed to it in the order the single pass will want them. */
class Prefetch {
  private readonly queue: InventoryEntry[];
  private readonly inFlight = new Map<string, Promise<OffThreadResult>>();
  private readonly kinds: ReadonlySet<FileKind>;
  private next = 0;
  private batch = FIRST_BATCH;

  constructor(
    private readonly pool: ParsePool,
    kinds: readonly OffThreadKind[],
    entries: readonly InventoryEntry[],
    private readonly texts: ReadonlyMap<string, string>,
  ) {
    this.kinds = new Set(kinds);
    this.queue = entries.filter((e) => e.kind && this.kinds.has(e.kind));
    this.fill();
  }

  handles(kind: FileKind): kind is OffThreadKind {
    return this.kinds.has(kind);
  }

  async take(path: string, kind: OffThreadKind, text: string): Promise<{ parsed: ParseResult<unknown>; scans?: TextScanResults }> {
    const pending = this.inFlight.get(path);
    this.inFlight.delete(path);
    this.fill();
    if (!pending) return { parsed: await safeParse(kind, text, path) };
    const { parsed, scans } = await pending;
    if (!parsed.ok) return { parsed, scans };
    if (kind === 'lockfile') return { parsed: { ...parsed, value: lockfileModel(parsed.value as LockfileData, text) }, scans };
    return { parsed: pythonModel(parsed.value as EncodedTree, text, await pythonGrammarNames()), scans };
  }

  private fill(): void {
    while (this.inFlight.size < PREFETCH_AHEAD && this.next < this.queue.length) {
      const batch = this.queue.slice(this.next, this.next + this.batch);
      this.next += batch.length;
      this.batch = Math.min(this.batch * 2, MAX_BATCH);
      const results = this.pool.parseAll(batch.map((e) => ({ kind: e.kind as OffThreadKind, path: e.path, text: this.texts.get(e.path) ?? '' })));
      batch.forEach((e, i) => this.inFlight.set(e.path, results[i]));
    }
  }
}
