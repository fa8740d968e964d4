import type { Category, FileKind, Priority, Rule, RuleContext, Visitors } from '../../src/engine/types.js';

/** A test-only rule with complete meta; `create` decides what it does. */
export function fakeRule(
  id: string,
  create: (ctx: RuleContext) => Visitors,
  options: { kinds?: FileKind[]; priority?: Priority; category?: Category; message?: string } = {},
): Rule {
  const message = options.message ?? 'Fake finding: {{detail}}';
  return {
    meta: {
      id,
      priority: options.priority ?? 'P1',
      category: options.category ?? 'security',
      kinds: options.kinds ?? ['dockerfile'],
      messages: { found: { en: message, zh: `测试发现：${message}` } },
      docs: {
        en: { title: `Fake rule ${id}`, why: 'Test rule.', risk: 'Test risk.', fix: 'Test fix.' },
        zh: { title: `测试规则 ${id}`, why: '测试规则。', risk: '测试风险。', fix: '测试修复。' },
      },
      examples: { bad: 'bad', good: 'good' },
    },
    create,
  };
}

export const crashingVisitor = fakeRule('test/crash-visit', () => ({
  dockerfile() {
    throw new Error('boom in visitor');
  },
}));

export const crashingDone = fakeRule('test/crash-done', () => ({
  done() {
    throw new TypeError('boom in done');
  },
}), { kinds: [] });

export const crashingCreate = fakeRule('test/crash-create', () => {
  throw new Error('boom in create');
});

export const unknownMessage = fakeRule('test/unknown-message', (ctx) => ({
  dockerfile(file) {
    ctx.report({ messageId: 'nope', evidence: [{ path: file.path, line: 1 }] });
  },
}));
