import type { Config } from './config.js';
import { fingerprintOf, withOccurrence } from './fingerprint.js';
import type { Inventory } from './inventory.js';
import { renderMessage } from './messages.js';
import { atOrAbove, capPriority, isPriority, priorityRank } from './priority.js';
import type { RawFinding } from './raw.js';
import { Redactor } from './redact.js';
import { configSuppressor, inlineSuppression } from './suppress.js';
import type { Diagnostic, Evidence, EvidenceInput, Finding, Lang, Priority } from './types.js';

export interface PostprocessOptions {
  inventory: Inventory;
  config: Config;
  lang: Lang;
  minPriority?: Priority;
  baseline?: ReadonlySet<string>;
  today: string;
  diagnostics: Diagnostic[];
  isTestPath: (path: string) => boolean;
}

const MAX_SNIPPET = 200;

/** suppress (inline, config, baseline) → dedupe → redact → fingerprint → sort. */
export function postprocess(raw: RawFinding[], options: PostprocessOptions) {
  const { inventory, config, lang, diagnostics } = options;
  const redactor = new Redactor();
  for (const { descriptor } of raw) for (const secret of descriptor.secrets ?? []) redactor.add(secret);

  const built: { finding: Finding; key?: string }[] = [];
  for (const { rule, descriptor } of raw) {
    const meta = rule.meta;
    let priority = descriptor.priority ?? meta.priority;
    let reason = descriptor.priority && descriptor.priority !== meta.priority ? descriptor.reason : undefined;
    const configured = configuredPriority(config, meta.id);
    if (configured && configured !== priority) {
      priority = configured;
      reason = 'priority set in .prodcheck.yaml';
    }
    const evidence = descriptor.evidence.map((e) => normaliseEvidence(e, inventory, redactor));
    if (!evidence.length) evidence.push({ path: '.' });
    if (options.isTestPath(evidence[0].path) && priorityRank(priority) < priorityRank('P3')) {
      priority = capPriority(priority, 'P3');
      reason = 'in a test or fixture path';
    }
    let message: string;
    try {
      message = renderMessage(meta, descriptor.messageId, descriptor.data, lang);
    } catch (error) {
      diagnostics.push({ path: evidence[0].path, kind: 'rule-crash', ruleId: meta.id, message: String(error) });
      continue;
    }
    const docs = meta.docs[lang];
    built.push({
      key: descriptor.key,
      finding: {
        ruleId: meta.id,
        priority,
        category: meta.category,
        title: docs.title,
        message: redactor.apply(message),
        risk: docs.risk,
        fix: docs.fix,
        evidence,
        fingerprint: '',
        ...(reason ? { reason } : {}),
      },
    });
  }

  // Fingerprints come from redacted content in a stable order, so they do not depend on report order.
  built.sort((a, b) => compareFindings(a.finding, b.finding) || cmp(a.key ?? '', b.key ?? ''));
  const seen = new Map<string, number>();
  const unique: Finding[] = [];
  const dedupe = new Set<string>();
  for (const { finding, key } of built) {
    const primary = finding.evidence[0];
    const identity = [finding.ruleId, primary.path, primary.line ?? 0, primary.column ?? 0, finding.message, key ?? ''].join('\u0000');
    if (dedupe.has(identity)) continue;
    dedupe.add(identity);
    const base = fingerprintOf({ ruleId: finding.ruleId, path: primary.path, snippet: primary.snippet ?? finding.message, key });
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    finding.fingerprint = withOccurrence(base, n);
    unique.push(finding);
  }

  const suppressed = { inline: 0, config: 0, baseline: 0 };
  const bySuppressor = configSuppressor(config.ignore ?? [], options.today, diagnostics);
  const findings = unique.filter((finding) => {
    if (inlineSuppression(finding, (p) => inventory.text(p), diagnostics)) {
      suppressed.inline++;
      return false;
    }
    if (bySuppressor.matches(finding)) {
      suppressed.config++;
      return false;
    }
    if (options.baseline?.has(finding.fingerprint)) {
      suppressed.baseline++;
      return false;
    }
    return !options.minPriority || atOrAbove(finding.priority, options.minPriority);
  });

  for (const d of diagnostics) d.message = redactor.apply(d.message);
  return { findings, diagnostics, suppressed };
}

function configuredPriority(config: Config, id: string): Priority | undefined {
  const setting = config.rules?.[id];
  if (isPriority(setting)) return setting;
  if (setting && typeof setting === 'object' && isPriority(setting.priority)) return setting.priority;
  return undefined;
}

function normaliseEvidence(input: EvidenceInput, inventory: Inventory, redactor: Redactor): Evidence {
  const path = input.path.replace(/\\/g, '/').replace(/^\.\//, '') || '.';
  const evidence: Evidence = { path };
  if (input.line && input.line > 0) {
    evidence.line = input.line;
    evidence.column = input.column && input.column > 0 ? input.column : 1;
    if (input.endLine && input.endLine >= input.line) evidence.endLine = input.endLine;
    if (input.endColumn && input.endColumn > 0) evidence.endColumn = input.endColumn;
  }
  const snippet = input.snippet ?? (evidence.line ? lineText(inventory.text(path), evidence.line) : undefined);
  if (snippet !== undefined) evidence.snippet = clip(redactor.apply(snippet.trim()));
  return evidence;
}

function lineText(text: string | undefined, line: number): string | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/, line);
  return lines.length >= line ? lines[line - 1] : undefined;
}

function clip(snippet: string): string {
  return snippet.length > MAX_SNIPPET ? `${snippet.slice(0, MAX_SNIPPET - 1)}…` : snippet;
}

export function compareFindings(a: Finding, b: Finding): number {
  const pa = a.evidence[0];
  const pb = b.evidence[0];
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    cmp(pa.path, pb.path) ||
    (pa.line ?? 0) - (pb.line ?? 0) ||
    cmp(a.ruleId, b.ruleId) ||
    (pa.column ?? 0) - (pb.column ?? 0) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
