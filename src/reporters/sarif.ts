import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Invocation, Location, Log, Notification, PhysicalLocation, Region, ReportingDescriptor, Result, Run } from 'sarif';
import { ALL_RULES } from '../../rules/index.js';
import type { AuditResult, Diagnostic, Evidence, Finding, Lang, RuleMeta } from '../engine/types.js';
import { HOMEPAGE } from '../package.js';
import { describeFromFinding, describeRule, LEVEL } from './sarif-rules.js';
import { countByPriority } from './summary.js';
import type { Report, ReporterOptions } from './types.js';

const SRCROOT = '%SRCROOT%';
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run per scanned root.
 * Only rules that produced a result are listed, so adding a rule does not change existing output.
 * No timestamps: identical scans give byte-identical logs.
 */
export function sarifReporter(report: Report, options: ReporterOptions): string {
  const known = new Map((options.rules ?? ALL_RULES.map((r) => r.meta)).map((meta) => [meta.id, meta]));
  const log: Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: report.runs.map((run) => sarifRun(run, report, known, options.lang)),
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRun(run: AuditResult, report: Report, known: Map<string, RuleMeta>, lang: Lang): Run {
  const ids = [...new Set(run.findings.map((f) => f.ruleId))].sort();
  const rules: ReportingDescriptor[] = ids.map((id) => {
    const meta = known.get(id);
    return meta ? describeRule(meta, lang) : describeFromFinding(run.findings.find((f) => f.ruleId === id)!);
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        ...(HOMEPAGE ? { informationUri: HOMEPAGE } : {}),
        rules,
      },
    },
    invocations: [invocation(run.diagnostics)],
    originalUriBaseIds: { [SRCROOT]: rootLocation(run.root) },
    language: lang === 'zh' ? 'zh-CN' : 'en-US',
    columnKind: 'utf16CodeUnits',
    results: run.findings.map((f) => result(f, index.get(f.ruleId)!)),
    properties: {
      root: run.root,
      summary: countByPriority(run.findings),
      suppressed: run.stats.suppressed,
      hiddenByBaseline: run.stats.suppressed.baseline,
      files: run.stats.files,
    },
  };
}

function result(finding: Finding, ruleIndex: number): Result {
  const [primary, ...related] = finding.evidence;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.priority],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(primary) }],
    ...(related.length
      ? { relatedLocations: related.map((e, i): Location => ({ id: i + 1, physicalLocation: physicalLocation(e) })) }
      : {}),
    partialFingerprints: { 'prodcheck/v1': finding.fingerprint },
    properties: {
      priority: finding.priority,
      category: finding.category,
      title: finding.title,
      ...(finding.reason ? { priorityReason: finding.reason } : {}),
    },
  };
}

/** A path relative to the root; the root itself (`.`) is a location with no region. */
function physicalLocation(evidence: Evidence): PhysicalLocation {
  const location: PhysicalLocation = { artifactLocation: artifact(evidence.path) };
  const region = regionOf(evidence);
  if (region) location.region = region;
  return location;
}

function artifact(path: string): ArtifactLocation {
  return { uri: relativeUri(path), uriBaseId: SRCROOT };
}

/** Each segment percent-encoded, so names with spaces, `#` or non-ASCII letters stay valid URI references. */
export function relativeUri(path: string): string {
  if (path === '.' || path === '') return '.';
  return path.split('/').map(encodeURIComponent).join('/');
}

function regionOf(e: Evidence): Region | undefined {
  if (!e.line) return undefined;
  const region: Region = { startLine: e.line, startColumn: e.column ?? 1 };
  const endLine = e.endLine && e.endLine >= e.line ? e.endLine : undefined;
  if (endLine) region.endLine = endLine;
  // An end column is only meaningful past the start on the same line, or on a later line.
  if (e.endColumn && ((endLine ?? e.line) > e.line || e.endColumn > region.startColumn!)) region.endColumn = e.endColumn;
  if (e.snippet) region.snippet = { text: e.snippet };
  return region;
}

/**
 * `%SRCROOT%` is the root as the user typed it: a file URI when it is absolute; a relative root
 * has no meaning on another machine, so it is described instead (SARIF §3.14.14 allows no `uri`).
 */
function rootLocation(root: string): ArtifactLocation {
  if (isAbsolute(root)) {
    const uri = pathToFileURL(root).href;
    return { uri: uri.endsWith('/') ? uri : `${uri}/` };
  }
  return { description: { text: `The scanned root, as given: ${root}` } };
}

const NOTIFICATION_LEVEL: Record<string, Notification.level> = {
  'rule-crash': 'error',
  'parse-error': 'warning',
  unreadable: 'warning',
  'suppression-without-reason': 'warning',
  'expired-ignore': 'warning',
};

/** Diagnostics become tool notifications; a crashed rule makes the execution unsuccessful. */
function invocation(diagnostics: Diagnostic[]): Invocation {
  const notifications = diagnostics.map((d): Notification => {
    const location: PhysicalLocation = { artifactLocation: artifact(d.path) };
    if (d.line && d.line > 0) location.region = { startLine: d.line };
    return {
      level: NOTIFICATION_LEVEL[d.kind] ?? 'note',
      message: { text: d.message },
      descriptor: { id: d.kind },
      ...(d.ruleId ? { associatedRule: { id: d.ruleId } } : {}),
      locations: [{ physicalLocation: location }],
    };
  });
  return {
    executionSuccessful: !diagnostics.some((d) => d.kind === 'rule-crash'),
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
  };
}
