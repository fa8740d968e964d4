import type { AuditResult } from '../engine/types.js';
import { countByPriority } from './summary.js';
import type { Reporter } from './types.js';

function runDocument(run: AuditResult) {
  return {
    root: run.root,
    summary: countByPriority(run.findings),
    findings: run.findings,
    diagnostics: run.diagnostics,
    stats: run.stats,
  };
}

/** The JSON contract of design.md; several roots become `runs`, each of that shape. */
export const jsonReporter: Reporter = (report) => {
  const doc =
    report.runs.length === 1
      ? { tool: report.tool, generatedAt: report.generatedAt, ...runDocument(report.runs[0]) }
      : { tool: report.tool, generatedAt: report.generatedAt, runs: report.runs.map(runDocument) };
  return `${JSON.stringify(doc, null, 2)}\n`;
};
