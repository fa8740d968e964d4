import { Chalk } from 'chalk';
import type { Evidence, Priority } from '../engine/types.js';
import { allFindings, countByPriority, PRIORITIES } from './summary.js';
import type { Reporter } from './types.js';

const HEADINGS: Record<Priority, { en: string; zh: string }> = {
  P0: { en: 'P0 — fix before production', zh: 'P0（必须立即处理）' },
  P1: { en: 'P1 — high priority', zh: 'P1（高优先级）' },
  P2: { en: 'P2 — medium priority', zh: 'P2（中优先级）' },
  P3: { en: 'P3 — improvements', zh: 'P3（优化项）' },
};

function location(root: string, e: Evidence, multiRoot: boolean): string {
  const path = multiRoot ? `${root.replace(/\/$/, '')}/${e.path}` : e.path;
  return e.line ? `${path}:${e.line}:${e.column ?? 1}` : path;
}

/** Grouped by priority, `path:line:col` first so editors and terminals make it clickable. */
export const textReporter: Reporter = (report, { lang, colorLevel }) => {
  const c = new Chalk({ level: colorLevel });
  const paint: Record<Priority, (s: string) => string> = {
    P0: (s) => c.bold.red(s),
    P1: (s) => c.red(s),
    P2: (s) => c.yellow(s),
    P3: (s) => c.cyan(s),
  };
  const multiRoot = report.runs.length > 1;
  const out: string[] = [];
  for (const priority of PRIORITIES) {
    const items = report.runs.flatMap((run) =>
      run.findings.filter((f) => f.priority === priority).map((f) => ({ run, f })),
    );
    if (!items.length) continue;
    out.push(paint[priority](HEADINGS[priority][lang]), '');
    for (const { run, f } of items) {
      const [primary, ...more] = f.evidence;
      out.push(`${c.bold(location(run.root, primary, multiRoot))}  ${paint[priority](f.priority)} ${f.title}  ${c.dim(f.ruleId)}`);
      out.push(`  ${f.message}`);
      if (primary.snippet) out.push(c.dim(`  │ ${primary.snippet}`));
      for (const e of more) out.push(c.dim(`  also ${location(run.root, e, multiRoot)}${e.snippet ? `  ${e.snippet}` : ''}`));
      out.push(c.dim(`  fix: ${f.fix}`), '');
    }
  }
  const diagnostics = report.runs.flatMap((run) => run.diagnostics.map((d) => ({ run, d })));
  const shown = diagnostics.filter(({ d }) => d.kind === 'parse-error' || d.kind === 'rule-crash');
  if (shown.length) {
    out.push(c.dim(lang === 'zh' ? '诊断信息：' : 'Diagnostics:'));
    for (const { run, d } of shown) {
      out.push(c.dim(`  ${location(run.root, { path: d.path, line: d.line }, multiRoot)}  ${d.kind}: ${d.message}`));
    }
    out.push('');
  }
  const counts = countByPriority(allFindings(report.runs));
  const total = PRIORITIES.reduce((n, p) => n + counts[p], 0);
  const files = report.runs.reduce((n, r) => n + r.stats.files, 0);
  const hidden = report.runs.reduce((n, r) => n + r.stats.suppressed.baseline, 0);
  const parts = PRIORITIES.map((p) => `${p} ${counts[p]}`).join(', ');
  const tail = [
    `${files} files`,
    `${diagnostics.length} diagnostics`,
    ...(hidden ? [`${hidden} hidden by baseline`] : []),
  ].join(' · ');
  const line =
    total === 0
      ? c.green(`✔ no findings · ${tail}`)
      : `${counts.P0 ? c.red('✖') : c.yellow('!')} ${total} findings (${parts}) · ${tail}`;
  out.push(line);
  return `${out.join('\n')}\n`;
};
