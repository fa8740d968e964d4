import type { Rule } from '../engine/types.js';

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

/** The README rules table, from rule meta: one row per rule, sorted by id. */
export function renderRulesTable(rules: readonly Pick<Rule, 'meta'>[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))
    .map(({ meta }) => `| \`${meta.id}\` | ${meta.priority} | ${meta.category} | ${cell(meta.docs.en.title)} |`);
  return ['| Rule | Priority | Area | Title |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with the text between the rules markers replaced by `table`. */
export function replaceRulesSection(readme: string, table: string): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${RULES_START} and ${RULES_END} markers`);
  return `${readme.slice(0, start + RULES_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The text currently between the markers, as written. */
export function currentRulesSection(readme: string): string | undefined {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + RULES_START.length, end).trim();
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
