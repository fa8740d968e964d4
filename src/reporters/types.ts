import type { AuditResult, Lang, RuleMeta } from '../engine/types.js';

/** What every reporter renders: one run per scanned root. */
export interface Report {
  tool: { name: string; version: string };
  /** ISO timestamp; the only field allowed to differ between identical scans. */
  generatedAt: string;
  runs: AuditResult[];
}

export interface ReporterOptions {
  lang: Lang;
  /** chalk colour level for the text reporter (0 = none). */
  colorLevel: 0 | 1 | 2 | 3;
  /** Meta of the rules findings may come from (SARIF rule descriptors); every built-in rule by default. */
  rules?: readonly RuleMeta[];
}

export type Reporter = (report: Report, options: ReporterOptions) => string;
