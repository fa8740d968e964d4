import { PRIORITIES, type AuditResult, type Finding, type Priority } from '../engine/types.js';

export function countByPriority(findings: readonly Finding[]): Record<Priority, number> {
  const counts = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of findings) counts[f.priority]++;
  return counts;
}

export function allFindings(runs: readonly AuditResult[]): Finding[] {
  return runs.flatMap((r) => r.findings);
}

export { PRIORITIES };
