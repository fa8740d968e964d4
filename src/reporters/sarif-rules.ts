import type { ReportingDescriptor } from 'sarif';
import { explainMarkdown, explainRule } from '../docs/explain.js';
import type { Finding, Lang, Priority, RuleMeta } from '../engine/types.js';

export type SarifLevel = 'error' | 'warning' | 'note';

/** P0/P1 stop a merge, P2 is a warning, P3 a note. */
export const LEVEL: Record<Priority, SarifLevel> = { P0: 'error', P1: 'error', P2: 'warning', P3: 'note' };

/** GitHub sorts and gates security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Record<Priority, string> = { P0: '9.0', P1: '7.0', P2: '5.0', P3: '3.0' };

/** `docker/unpinned-base` → `DockerUnpinnedBase`: SARIF wants a readable name beside the id. */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** A rule descriptor from rule meta: titles, why, help with examples, default level, tags. */
export function describeRule(meta: RuleMeta, lang: Lang): ReportingDescriptor {
  const docs = meta.docs[lang];
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: docs.title },
    fullDescription: { text: docs.why },
    help: { text: explainRule({ meta }, lang), markdown: explainMarkdown(meta, lang) },
    ...(meta.refs?.length ? { helpUri: meta.refs[0] } : {}),
    defaultConfiguration: { level: LEVEL[meta.priority] },
    properties: {
      tags: uniqueTags([meta.category, ...(meta.tags ?? [])]),
      priority: meta.priority,
      ...(meta.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[meta.priority] } : {}),
    },
  };
}

/** For a finding whose rule meta is not known (a rule outside the built-in set): what the finding says. */
export function describeFromFinding(finding: Finding): ReportingDescriptor {
  return {
    id: finding.ruleId,
    name: ruleName(finding.ruleId),
    shortDescription: { text: finding.title },
    fullDescription: { text: finding.risk },
    help: { text: finding.fix, markdown: finding.fix },
    defaultConfiguration: { level: LEVEL[finding.priority] },
    properties: {
      tags: [finding.category],
      priority: finding.priority,
      ...(finding.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[finding.priority] } : {}),
    },
  };
}

function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags)];
}
