import { performance } from 'node:perf_hooks';
import { classify } from '../io/classify.js';
import { isTestPath } from '../io/paths.js';
import { walk } from '../io/walk.js';
import { PARSERS, releaseModel } from '../parsers/index.js';
import type { ParseResult } from '../parsers/result.js';
import type { Config } from './config.js';
import { Inventory, type InventoryEntry } from './inventory.js';
import { postprocess } from './postprocess.js';
import { PARSE_ERROR_RULE_ID, type RawFinding } from './raw.js';
import type {
  AuditResult,
  Diagnostic,
  FileKind,
  Lang,
  ParsedFile,
  Priority,
  ReportDescriptor,
  Rule,
  Visitors,
} from './types.js';

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
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

interface Listener {
  rule: Rule;
  visit: (file: ParsedFile) => void;
}

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  const config = options.config ?? {};
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const walked = await walk(options.root, { maxFileSize, ignorePaths: config.ignorePaths });
  const diagnostics: Diagnostic[] = [...walked.diagnostics];

  const entries: InventoryEntry[] = [];
  const texts = new Map<string, string>();
  const filesByKind: Partial<Record<FileKind, number>> = {};
  let bytes = 0;
  for (const file of walked.files) {
    const kind = classify(file.path, file.text);
    entries.push({ path: file.path, kind, size: file.size });
    texts.set(file.path, file.text);
    bytes += file.size;
    if (kind) filesByKind[kind] = (filesByKind[kind] ?? 0) + 1;
  }
  const inventory = new Inventory(entries, walked.dirs, walked.vendorDirs, walked.gitignored, texts);

  const enabled = selectRules(options, config);
  const raw: RawFinding[] = [];
  const listeners = new Map<FileKind, Listener[]>();
  const doneHooks: { rule: Rule; done: () => void | Promise<void> }[] = [];
  const parseTime: Record<string, number> = {};
  const ruleTime: Record<string, number> = {};

  for (const rule of enabled) {
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

  const parseErrorRule = enabled.find((r) => r.meta.id === PARSE_ERROR_RULE_ID);
  // Reporting parse failures is listening too: those kinds get parsed even with no other rule.
  for (const kind of parseErrorRule?.meta.kinds ?? []) if (!listeners.has(kind)) listeners.set(kind, []);
  for (const entry of entries) {
    const text = texts.get(entry.path) ?? '';
    const kinds: FileKind[] = entry.kind ? [entry.kind, 'text'] : ['text'];
    for (const kind of kinds) {
      const kindListeners = listeners.get(kind);
      if (!kindListeners) continue;
      const t0 = performance.now();
      const parsed = await safeParse(kind, text, entry.path);
      parseTime[kind] = (parseTime[kind] ?? 0) + (performance.now() - t0);
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
        const r0 = performance.now();
        try {
          listener.visit(file);
        } catch (error) {
          diagnostics.push(crash(listener.rule, entry.path, error));
        }
        ruleTime[listener.rule.meta.id] = (ruleTime[listener.rule.meta.id] ?? 0) + (performance.now() - r0);
      }
      releaseModel(kind, parsed.value);
    }
  }

  for (const { rule, done } of doneHooks) {
    const r0 = performance.now();
    try {
      await done();
    } catch (error) {
      diagnostics.push(crash(rule, '.', error));
    }
    ruleTime[rule.meta.id] = (ruleTime[rule.meta.id] ?? 0) + (performance.now() - r0);
  }

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
      ...(options.timing ? { timing: { parse: roundAll(parseTime), rules: roundAll(ruleTime) } } : {}),
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
