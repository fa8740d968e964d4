import type { Priority } from '../engine/types.js';
import type { Reporter } from './types.js';

const SEVERITY: Record<Priority, string> = { P0: 'blocker', P1: 'critical', P2: 'major', P3: 'minor' };

/**
 * `--format codequality`: GitLab's Code Quality report (the Code Climate issue format), shown in
 * merge requests when CI publishes it as `artifacts:reports:codequality`.
 */
export const codequalityReporter: Reporter = (report) => {
  const multiRoot = report.runs.length > 1;
  const issues = report.runs.flatMap((run) =>
    run.findings.map((f) => {
      const e = f.evidence[0];
      const base = multiRoot && run.root !== '.' ? `${run.root.replace(/\/$/, '')}/` : '';
      return {
        type: 'issue',
        check_name: f.ruleId,
        description: `${f.priority} ${f.title}: ${f.message}`,
        categories: [f.category === 'security' ? 'Security' : f.category === 'dependencies' ? 'Compatibility' : 'Bug Risk'],
        severity: SEVERITY[f.priority],
        fingerprint: f.fingerprint,
        location: { path: base + (e.path === '.' ? '' : e.path) || '.', lines: { begin: e.line ?? 1 } },
      };
    }),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
};
