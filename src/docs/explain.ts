import type { Lang, Rule, RuleMeta } from '../engine/types.js';

const LABELS = {
  en: { why: 'Why', risk: 'Risk', fix: 'Fix', bad: 'Bad', good: 'Good', refs: 'References', priority: 'Default priority', kinds: 'Reads', colon: ': ' },
  zh: { why: '原因', risk: '风险', fix: '修复', bad: '反例', good: '正例', refs: '参考', priority: '默认优先级', kinds: '检查对象', colon: '：' },
};

/** `prodcheck explain <rule>`: everything a user needs to judge a finding, from the rule's meta. */
export function explainRule(rule: Pick<Rule, 'meta'>, lang: Lang): string {
  const { meta } = rule;
  const docs = meta.docs[lang];
  const l = LABELS[lang];
  const lines = [
    `${meta.id} — ${docs.title}`,
    `${l.priority}${l.colon}${meta.priority} · ${meta.category}${meta.kinds.length ? ` · ${l.kinds}${l.colon}${meta.kinds.join(', ')}` : ''}`,
    '',
    `${l.why}${l.colon}${docs.why}`,
    '',
    `${l.risk}${l.colon}${docs.risk}`,
    '',
    `${l.fix}${l.colon}${docs.fix}`,
    '',
    `${l.bad}${l.colon.trim()}`,
    indent(meta.examples.bad),
    '',
    `${l.good}${l.colon.trim()}`,
    indent(meta.examples.good),
  ];
  if (meta.refs?.length) lines.push('', `${l.refs}${l.colon.trim()}`, ...meta.refs.map((r) => `  - ${r}`));
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The same content as Markdown: SARIF `help.markdown`, shown by GitHub code scanning beside an alert. */
export function explainMarkdown(meta: RuleMeta, lang: Lang): string {
  const docs = meta.docs[lang];
  const l = LABELS[lang];
  const lines = [
    `**${docs.title}** (\`${meta.id}\`, ${l.priority}${l.colon}${meta.priority}, ${meta.category})`,
    '',
    `**${l.why}${l.colon.trim()}** ${docs.why}`,
    '',
    `**${l.risk}${l.colon.trim()}** ${docs.risk}`,
    '',
    `**${l.fix}${l.colon.trim()}** ${docs.fix}`,
    '',
    `${l.bad}${l.colon.trim()}`,
    fence(meta.examples.bad),
    '',
    `${l.good}${l.colon.trim()}`,
    fence(meta.examples.good),
  ];
  if (meta.refs?.length) lines.push('', `${l.refs}${l.colon.trim()}`, ...meta.refs.map((r) => `- <${r}>`));
  return lines.join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside the example. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return `${bar}\n${text}\n${bar}`;
}
