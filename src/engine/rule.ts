import type { Rule } from './types.js';

/** Identity helper that gives a rule literal its types. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
