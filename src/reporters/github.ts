import type { Priority } from '../engine/types.js';
import type { Reporter } from './types.js';

const COMMAND: Record<Priority, string> = { P0: 'error', P1: 'error', P2: 'warning', P3: 'notice' };

/** Workflow-command escaping: data and property values differ (GitHub's toolkit rules). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `--format github`: one `::error file=…,line=…::` annotation per finding for Actions logs and PRs. */
export const githubReporter: Reporter = (report) => {
  const lines: string[] = [];
  const multiRoot = report.runs.length > 1;
  for (const run of report.runs) {
    for (const f of run.findings) {
      const e = f.evidence[0];
      const props: string[] = [];
      if (e.path && e.path !== '.') {
        const base = multiRoot && run.root !== '.' ? `${run.root.replace(/\/$/, '')}/` : '';
        props.push(`file=${escapeProperty(base + e.path)}`);
        if (e.line) props.push(`line=${e.line}`);
        if (e.endLine) props.push(`endLine=${e.endLine}`);
        if (e.column) props.push(`col=${e.column}`);
      }
      props.push(`title=${escapeProperty(`${f.priority} ${f.title} (${f.ruleId})`)}`);
      lines.push(`::${COMMAND[f.priority]} ${props.join(',')}::${escapeData(`${f.message}\nFix: ${f.fix}`)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
