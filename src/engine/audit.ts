import { performance } from 'node:perf_hooks';
import { isTestPath } from '../io/paths.js';
import type { Config } from './config.js';
import { lockfileType } from '../parsers/lockfile.js';
import { ParsePool } from '../parsers/parse-pool.js';
import { postprocess } from './postprocess.js';
import { prepareTree, type PreparedTree } from './prepare.js';
import { runRules, type RuleRun } from './run-rules.js';
import type { AuditResult, Diagnostic, Lang, Priority, Rule } from './types.js';

export interface AuditOptions {
  /** Absolute path of the repository root. */
  root: string;
  /** Every known rule; which run is decided by `only`, `disable` and the config. */
  rules: readonly Rule[];
  config?: Config;
  only?: string[];
  disable?: string[];
  lang?: Lang;
  minPriority?: Priority;
  /** Fingerprints to hide (a baseline). */
  baseline?: ReadonlySet<string>;
  maxFileSize?: number;
  /** ISO date used for `until` in config ignores; today by default. */
  today?: string;
  timing?: boolean;
  /** Threads to use: this one runs the rules, the others parse Python and lockfiles ahead of it (1 = this thread only). */
  jobs?: number;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** Below this much to parse off the rules' thread, starting parser threads costs more than it saves. */
const PARALLEL_MIN_PYTHON_FILES = 100;
const PARALLEL_MIN_LOCKFILE_BYTES = 2 * 1024 * 1024;
/** One parser thread keeps ahead of the rules' thread (parsing is a quarter of its work); a second covers slow cores. */
const MAX_PARSER_THREADS = 2;

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  const config = options.config ?? {};
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const parsing = new ParsingDemand(options.jobs ?? 1);
  let tree: PreparedTree;
  try {
    tree = await prepareTree(options.root, config, maxFileSize, (path, size) => parsing.saw(path, size));
  } catch (error) {
    await parsing.pool?.close();
    throw error;
  }
  const { entries, inventory, bytes, filesByKind } = tree;
  const enabled = selectRules(options, config);
  const run = await runAll(tree, enabled, config, parsing.pool, options.timing ?? false);
  const { raw, parseTime, ruleTime } = run;
  const diagnostics: Diagnostic[] = [...tree.diagnostics, ...run.diagnostics];

  const processed = postprocess(raw, {
    inventory,
    config,
    lang: options.lang ?? config.lang ?? 'en',
    minPriority: options.minPriority ?? config.minPriority,
    baseline: options.baseline,
    today: options.today ?? new Date().toISOString().slice(0, 10),
    diagnostics,
    isTestPath,
  });

  return {
    root: options.root,
    findings: processed.findings,
    diagnostics: sortDiagnostics(processed.diagnostics),
    stats: {
      files: entries.length,
      bytes,
      filesByKind,
      durationMs: Math.round(performance.now() - started),
      suppressed: processed.suppressed,
      ...(options.timing ? { timing: { threads: run.threads, parse: roundAll(parseTime), rules: roundAll(ruleTime) } } : {}),
    },
  };
}

function selectRules(options: AuditOptions, config: Config): Rule[] {
  const only = options.only?.length ? new Set(options.only) : undefined;
  const disabled = new Set(options.disable ?? []);
  return options.rules.filter((rule) => {
    const id = rule.meta.id;
    if (only) return only.has(id);
    if (disabled.has(id)) return false;
    const setting = config.rules?.[id];
    if (setting === 'off') return false;
    if (setting && typeof setting === 'object' && setting.enabled === false) return false;
    return true;
  });
}

/**
 * The rules run in this thread: they keep cross-file state in their closures, so neither files nor
 * rules split across threads without repeating the parse and the shared per-file facts (measured:
 * splitting the rules over two threads saved 7% of wall time and cost 50% more memory). What
 * splits cleanly is the parses whose results are plain data — Python (tree-sitter and flattening
 * its tree, the largest parse cost) and lockfiles (often the largest files) — which `jobs - 1`
 * worker threads (at most two) do ahead of the rules.
 */
async function runAll(tree: PreparedTree, rules: Rule[], config: Config, pool: ParsePool | undefined, timing: boolean): Promise<RuleRun> {
  try {
    const run = await runRules(tree, rules, config, pool, timing);
    return { ...run, threads: 1 + (pool?.size ?? 0) };
  } finally {
    await pool?.close();
  }
}

/**
 * Starts the parser threads as soon as the walk has shown enough to parse off this thread, so
 * they boot (and load the grammar) while this thread is still walking.
 */
class ParsingDemand {
  pool: ParsePool | undefined;
  private pythonFiles = 0;
  private lockfileBytes = 0;

  constructor(private readonly jobs: number) {}

  saw(path: string, size: number): void {
    if (this.pool || this.jobs < 2) return;
    if (path.endsWith('.py')) this.pythonFiles++;
    else if (lockfileType(path, '')) this.lockfileBytes += size;
    if (this.pythonFiles >= PARALLEL_MIN_PYTHON_FILES || this.lockfileBytes >= PARALLEL_MIN_LOCKFILE_BYTES) {
      this.pool = ParsePool.start(Math.min(this.jobs - 1, MAX_PARSER_THREADS));
    }
  }
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.kind, b.kind) || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundAll(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
