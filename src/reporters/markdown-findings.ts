import { PRIORITIES } from '../engine/types.js';
import type { Issue } from './issues.js';
import type { MarkdownWords } from './markdown-words.js';
import { locationLines } from './markdown-locations.js';
import { capped, code, oneLine } from './md.js';

const MAX_MESSAGES = 10;

/** `## P0 …` to `## P3 …`, each issue numbered with its locations, problem, risk and fix. */
export function findingSections(issues: readonly Issue[], w: MarkdownWords): string[] {
  const out: string[] = [];
  for (const priority of PRIORITIES) {
    out.push(`## ${w.priority[priority]}`, '');
    const items = issues.filter((i) => i.priority === priority);
    if (!items.length) out.push(w.none, '');
    items.forEach((issue, n) => out.push(...issueLines(issue, n + 1, w), ''));
  }
  return out;
}

function issueLines(issue: Issue, number: number, w: MarkdownWords): string[] {
  const field = (label: string, text: string) => `- ${label}${w.colon}${text}`;
  const lines = [`${number}) ${oneLine(issue.title)} · ${code(issue.ruleId)}`, ...locationLines(issue.findings, w, field)];
  if (issue.messages.length === 1) {
    lines.push(field(w.problem, oneLine(issue.messages[0])));
  } else {
    const problems = capped(issue.messages, MAX_MESSAGES);
    lines.push(`- ${w.problem}${w.colon.trimEnd()}`, ...problems.shown.map((m) => `  - ${oneLine(m)}`));
    if (problems.more) lines.push(`  - ${w.more(problems.more)}`);
  }
  lines.push(field(w.risk, oneLine(issue.risk)), field(w.fix, oneLine(issue.fix)));
  return lines;
}
