import { readFileSync, writeFileSync } from 'node:fs';
import type { AuditResult } from '../engine/types.js';
import { UsageError } from './usage-error.js';

interface BaselineFile {
  tool: 'prodcheck';
  version: 1;
  findings: { ruleId: string; path: string; fingerprint: string }[];
}

/** Fingerprints, not lines: a baseline survives code moving around it. */
export function writeBaseline(file: string, runs: AuditResult[]): void {
  const findings = runs
    .flatMap((run) => run.findings.map((f) => ({ ruleId: f.ruleId, path: f.evidence[0]?.path ?? '.', fingerprint: f.fingerprint })))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const doc: BaselineFile = { tool: 'prodcheck', version: 1, findings };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

export function readBaseline(file: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`cannot read baseline ${file}: create one with --write-baseline ${file}`);
  }
  const findings = (doc as Partial<BaselineFile>)?.findings;
  if (!Array.isArray(findings)) throw new UsageError(`baseline ${file} has no "findings" list`);
  return new Set(findings.map((f) => String(f?.fingerprint)));
}
