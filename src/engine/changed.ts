import type { AuditResult, Finding } from './types.js';

/**
 * Pull-request mode: keep a finding when any of its evidence is in a changed file, or when it is
 * about the repository as a whole (evidence at the root), so repository-level rules still speak.
 */
export function keepChanged(result: AuditResult, changed: ReadonlySet<string>): AuditResult {
  const touches = (f: Finding) => f.evidence.some((e) => e.path === '.' || changed.has(e.path) || [...changed].some((c) => c.startsWith(`${e.path}/`)));
  return { ...result, findings: result.findings.filter(touches) };
}
