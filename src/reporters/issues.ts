import { priorityRank } from '../engine/priority.js';
import type { Category, Evidence, Finding, Priority } from '../engine/types.js';

/**
 * One numbered item of a report: every finding of one rule at one priority. Seven leaked keys in
 * one `.env` are one issue with seven locations, not seven issues.
 */
export interface Issue {
  ruleId: string;
  priority: Priority;
  category: Category;
  title: string;
  risk: string;
  fix: string;
  /** Distinct messages, in finding order. */
  messages: string[];
  /** Primary evidence of each finding, in finding order. */
  locations: Evidence[];
  findings: Finding[];
}

/** Groups by rule and priority, keeping the order of first appearance within each priority. */
export function groupIssues(findings: readonly Finding[]): Issue[] {
  const byKey = new Map<string, Issue>();
  for (const finding of findings) {
    const key = `${finding.priority}\u0000${finding.ruleId}`;
    let issue = byKey.get(key);
    if (!issue) {
      issue = {
        ruleId: finding.ruleId,
        priority: finding.priority,
        category: finding.category,
        title: finding.title,
        risk: finding.risk,
        fix: finding.fix,
        messages: [],
        locations: [],
        findings: [],
      };
      byKey.set(key, issue);
    }
    issue.findings.push(finding);
    if (!issue.messages.includes(finding.message)) issue.messages.push(finding.message);
    if (finding.evidence[0]) issue.locations.push(finding.evidence[0]);
  }
  // Findings arrive sorted by priority then path, so first appearance is a stable, meaningful order.
  return [...byKey.values()].sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority));
}
