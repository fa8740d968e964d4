import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../../rules/index.js';
import { compareFindings } from '../engine/postprocess.js';
import { isPriority } from '../engine/priority.js';
import type { AuditResult, Category, Diagnostic, Evidence, Finding, Priority } from '../engine/types.js';
import { UsageError } from './usage-error.js';

/**
 * `prodcheck merge`: the runs of several JSON or SARIF reports (one per CI job) as one report.
 * Each input run stays a run; its findings keep their fingerprints, so baselines still apply.
 */
export function readRuns(file: string): AuditResult[] {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`cannot read ${file} as a prodcheck JSON or SARIF report`);
  }
  if (doc && doc.version === '2.1.0' && Array.isArray(doc.runs)) return (doc.runs as SarifRun[]).map(fromSarifRun);
  if (Array.isArray(doc.runs)) return (doc.runs as AuditResult[]).map(normaliseRun);
  if (Array.isArray(doc.findings)) return [normaliseRun(doc as unknown as AuditResult)];
  throw new UsageError(`${file} is neither a prodcheck JSON report nor SARIF 2.1.0`);
}

function normaliseRun(run: AuditResult): AuditResult {
  return {
    root: String(run.root ?? '.'),
    findings: [...(run.findings ?? [])].sort(compareFindings),
    diagnostics: run.diagnostics ?? [],
    stats: run.stats ?? emptyStats(),
  };
}

function emptyStats(): AuditResult['stats'] {
  return { files: 0, bytes: 0, filesByKind: {}, durationMs: 0, suppressed: { inline: 0, config: 0, baseline: 0 } };
}

interface SarifLocation {
  physicalLocation?: {
    artifactLocation?: { uri?: string };
    region?: { startLine?: number; startColumn?: number; endLine?: number; snippet?: { text?: string } };
  };
}

interface SarifRun {
  tool?: { driver?: { rules?: { id: string; shortDescription?: { text?: string }; properties?: Record<string, unknown> }[] } };
  originalUriBaseIds?: Record<string, { uri?: string }>;
  results?: {
    ruleId?: string;
    level?: string;
    message?: { text?: string };
    locations?: SarifLocation[];
    relatedLocations?: SarifLocation[];
    partialFingerprints?: Record<string, string>;
    properties?: Record<string, unknown>;
  }[];
  invocations?: { toolExecutionNotifications?: { message?: { text?: string }; locations?: SarifLocation[]; descriptor?: { id?: string } }[] }[];
  properties?: Record<string, unknown>;
}

const LEVEL_PRIORITY: Record<string, Priority> = { error: 'P1', warning: 'P2', note: 'P3', none: 'P3' };

function fromSarifRun(run: SarifRun): AuditResult {
  const driverRules = new Map((run.tool?.driver?.rules ?? []).map((r) => [r.id, r]));
  const findings: Finding[] = (run.results ?? []).map((result) => {
    const ruleId = result.ruleId ?? 'unknown/unknown';
    const known = ALL_RULES.find((r) => r.meta.id === ruleId);
    const declared = result.properties?.priority;
    const priority: Priority = isPriority(declared) ? declared : (LEVEL_PRIORITY[result.level ?? 'warning'] ?? 'P2');
    const evidence = [...(result.locations ?? []), ...(result.relatedLocations ?? [])].map(toEvidence);
    return {
      ruleId,
      priority,
      category: (known?.meta.category ?? (result.properties?.category as Category | undefined) ?? 'reliability') as Category,
      title: known?.meta.docs.en.title ?? driverRules.get(ruleId)?.shortDescription?.text ?? ruleId,
      message: result.message?.text ?? '',
      risk: known?.meta.docs.en.risk ?? '',
      fix: known?.meta.docs.en.fix ?? '',
      evidence: evidence.length ? evidence : [{ path: '.' }],
      fingerprint: Object.values(result.partialFingerprints ?? {})[0] ?? '',
    };
  });
  const diagnostics: Diagnostic[] = (run.invocations ?? []).flatMap((inv) =>
    (inv.toolExecutionNotifications ?? []).map((n) => {
      const e = n.locations?.[0] ? toEvidence(n.locations[0]) : { path: '.' };
      return { path: e.path, line: e.line, kind: n.descriptor?.id ?? 'notification', message: n.message?.text ?? '' };
    }),
  );
  const root = String(run.properties?.root ?? run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '.');
  return { root, findings: findings.sort(compareFindings), diagnostics, stats: emptyStats() };
}

function toEvidence(location: SarifLocation): Evidence {
  const physical = location.physicalLocation ?? {};
  const region = physical.region;
  const evidence: Evidence = { path: decodePath(physical.artifactLocation?.uri ?? '.') };
  if (region?.startLine) {
    evidence.line = region.startLine;
    evidence.column = region.startColumn ?? 1;
    if (region.endLine) evidence.endLine = region.endLine;
  }
  if (region?.snippet?.text) evidence.snippet = region.snippet.text;
  return evidence;
}

/** SARIF URIs are percent-encoded per segment; `decodeURI` would leave `%23` (`#`) encoded. */
function decodePath(uri: string): string {
  return uri
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}
