import type { ReportDescriptor, Rule } from './types.js';

/** A report as a rule made it, before post-processing. */
export interface RawFinding {
  rule: Rule;
  descriptor: ReportDescriptor;
}

/** The engine's own rule: files that do not parse. */
export const PARSE_ERROR_RULE_ID = 'prodcheck/parse-error';
