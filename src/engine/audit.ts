import { performance } from 'node:perf_hooks';
import { isTestPath } from '../io/paths.js';
import type { Config } from './config.js';
import { canRunInWorkers, runRulesInWorkers } from './parallel.js';
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
  /** Worker threads to run rules in (1 = this thread). */
  jobs?: number;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_MIN_FILES = 400;

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  const config = options.config ?? {};
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const tree = await prepareTree(options.root, config, maxFileSize);
  const { entries, inventory, bytes, filesByKind } = tree;
  const enabled = selectRules(options, config);
  const run = await runAll(options, tree, enabled, config, maxFileSize);
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

/** In worker threads when asked and worth it; in this thread otherwise (and if workers fail). */
async function runAll(options: AuditOptions, tree: PreparedTree, rules: Rule[], config: Config, maxFileSize: number): Promise<RuleRun> {
  const jobs = Math.min(options.jobs ?? 1, rules.length);
  if (jobs > 1 && tree.entries.length >= PARALLEL_MIN_FILES && canRunInWorkers()) {
    try {
      return await runRulesInWorkers(tree, rules, config, jobs);
    } catch {
      // A caller's own rules, or a worker that could not start: the single pass still works.
    }
  }
  return runRules(tree, rules, config);
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
