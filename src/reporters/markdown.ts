import { CATEGORIES, PRIORITIES, type AuditResult, type Category, type Diagnostic } from '../engine/types.js';
import { groupIssues, type Issue } from './issues.js';
import { findingSections } from './markdown-findings.js';
import { deliverablesSection, evidenceSection, roadmapSection } from './markdown-plan.js';
import { kindCounts, MARKDOWN_WORDS, type MarkdownWords } from './markdown-words.js';
import { capped, locationMarkdown, oneLine, padDisplay, displayWidth } from './md.js';
import { readinessBar, readinessScores } from './readiness.js';
import { countByPriority } from './summary.js';
import type { Report, Reporter } from './types.js';

const MAX_DIAGNOSTICS = 10;
const SKIPPED_KINDS = new Set(['skipped-binary', 'skipped-size', 'link-outside-root', 'dangling-link', 'unreadable']);

/**
 * The audit report in the form of the hand-written ones (seeds/004): title and date, scope,
 * summary with verdict and readiness bars, P0–P3 issues, roadmap, evidence paths, deliverables.
 * Several roots give one such report each, separated by a rule.
 */
export const markdownReporter: Reporter = (report, { lang }) => {
  const w = MARKDOWN_WORDS[lang];
  return report.runs.map((run) => renderRun(run, report, w)).join('\n---\n\n');
};

function renderRun(run: AuditResult, report: Report, w: MarkdownWords): string {
  const issues = groupIssues(run.findings);
  const lines = [
    w.title(projectName(run.root, w)),
    '',
    w.generated(report.generatedAt.slice(0, 10), `${report.tool.name} ${report.tool.version}`),
    '',
    ...scopeSection(run, w),
    ...summarySection(run, issues, w),
    ...findingSections(issues, w),
    ...roadmapSection(issues, w),
    ...evidenceSection(run.findings, w),
    ...deliverablesSection(issues, w),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** The folder's name as typed; `.` and other nameless roots get a neutral word. */
export function projectName(root: string, w: MarkdownWords): string {
  const trimmed = root.replace(/[\\/]+$/, '');
  const name = trimmed.split(/[\\/]/).pop() ?? '';
  return name && name !== '.' && name !== '..' ? name : w.unnamedProject;
}

function scopeSection(run: AuditResult, w: MarkdownWords): string[] {
  const { stats } = run;
  const known = Object.values(stats.filesByKind).reduce((n, c) => n + (c ?? 0), 0);
  const out = [`## ${w.scope}`, '', `- ${w.parsed(stats.files, kindCounts(stats.filesByKind), stats.files - known)}`, `- ${w.staticOnly}`, `- ${w.notChecked}`];
  const unparsed = run.diagnostics.filter((d) => d.kind === 'parse-error');
  const crashed = run.diagnostics.filter((d) => d.kind === 'rule-crash');
  const skipped = run.diagnostics.filter((d) => SKIPPED_KINDS.has(d.kind));
  const other = run.diagnostics.filter((d) => !unparsed.includes(d) && !crashed.includes(d) && !skipped.includes(d));
  if (!unparsed.length) out.push(`- ${w.allParsed}`);
  out.push(...diagnosticList(w.unparsed, unparsed, w), ...diagnosticList(w.ruleErrors, crashed, w));
  out.push(...diagnosticList(w.skipped, skipped, w), ...diagnosticList(w.otherNotes, other, w));
  const { baseline, inline, config } = stats.suppressed;
  if (baseline || inline || config) out.push(`- ${w.notListed(baseline, inline, config)}`);
  out.push('');
  return out;
}

function diagnosticList(label: string, list: Diagnostic[], w: MarkdownWords): string[] {
  if (!list.length) return [];
  const { shown, more } = capped(list, MAX_DIAGNOSTICS);
  return [
    `- ${label}`,
    ...shown.map((d) => `  - ${locationMarkdown(d, w.root)} — ${oneLine(d.message)}`),
    ...(more ? [`  - ${w.more(more)}`] : []),
  ];
}

function summarySection(run: AuditResult, issues: Issue[], w: MarkdownWords): string[] {
  const issueCounts = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const i of issues) issueCounts[i.priority]++;
  const findingCounts = countByPriority(run.findings);
  const scores = readinessScores(issues);
  const width = Math.max(...CATEGORIES.map((c) => displayWidth(w.area[c]))) + 2;
  return [
    `## ${w.summary}`,
    '',
    verdict(issues, w),
    '',
    `| | ${PRIORITIES.join(' | ')} |`,
    `| --- |${PRIORITIES.map(() => ' ---: |').join('')}`,
    `| ${w.issuesRow} | ${PRIORITIES.map((p) => issueCounts[p]).join(' | ')} |`,
    `| ${w.findingsRow} | ${PRIORITIES.map((p) => findingCounts[p]).join(' | ')} |`,
    '',
    w.readiness,
    '',
    '```',
    ...CATEGORIES.map((c) => `${padDisplay(w.area[c], width)}${readinessBar(scores[c])}`),
    '```',
    '',
  ];
}

/** One sentence: blocked by P0, ready with conditions (P1), or ready as far as statics can tell. */
function verdict(issues: Issue[], w: MarkdownWords): string {
  const areasOf = (list: Issue[]) => {
    const present = new Set<Category>(list.map((i) => i.category));
    return w.joinAreas(CATEGORIES.filter((c) => present.has(c)).map((c) => w.areaInSentence[c]));
  };
  const p0 = issues.filter((i) => i.priority === 'P0');
  if (p0.length) return w.verdictBlocked(p0.length, areasOf(p0));
  const p1 = issues.filter((i) => i.priority === 'P1');
  if (p1.length) return w.verdictConditional(p1.length, areasOf(p1));
  return w.verdictReady(issues.length);
}
