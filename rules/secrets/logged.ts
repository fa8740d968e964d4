import { defineRule } from '../../src/engine/rule.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import { LOGS, SECRET_WORD } from '../../src/analysis/secrets/prefilter.js';
import { jsLoggedSecrets, pyLoggedSecrets, type LoggedSecret } from '../../src/analysis/secrets/logged.js';

export default defineRule({
  meta: {
    id: 'secrets/logged',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      logged: {
        en: '`{{name}}` is written unmasked by `{{sink}}`: the secret ends up in log files, log shippers and anyone who can read them.',
        zh: '`{{sink}}` 未脱敏地输出了 `{{name}}`：密钥会进入日志文件和日志采集系统，任何能看日志的人都能拿到它。',
      },
    },
    docs: {
      en: {
        title: 'Secret written to logs',
        why: 'Logs are copied widely (files, stdout collectors, SaaS log platforms, support tickets) and are rarely protected like secrets.',
        risk: 'API keys, tokens and passwords leak to everyone with log access and stay in retention for months.',
        fix: 'Log that a secret is configured, not its value: mask it (`key[:4] + "***"`), log its length or a hash prefix, or use a logging filter that redacts secret fields.',
      },
      zh: {
        title: '密钥被写入日志',
        why: '日志会被广泛复制（文件、stdout 采集、日志 SaaS、工单），通常不会像密钥那样受保护。',
        risk: 'API Key、令牌和密码泄露给所有能查看日志的人，并随日志保留数月。',
        fix: '只记录“已配置”而不是值本身：脱敏输出（如 `key[:4] + "***"`）、只记录长度或哈希前缀，或用日志过滤器统一对敏感字段脱敏。',
      },
    },
    examples: {
      bad: 'logger.info(f"Using OpenAI key {settings.openai_api_key}")',
      good: 'logger.info("OpenAI key configured: %s", mask(settings.openai_api_key))',
    },
    refs: ['https://cwe.mitre.org/data/definitions/532.html'],
    tags: ['security'],
  },
  create(ctx) {
    const report = (path: string, hit: LoggedSecret) =>
      ctx.report({ messageId: 'logged', data: { name: hit.name, sink: hit.sink }, evidence: [{ path, line: hit.line, column: hit.column }] });
    return {
      python(file) {
        if (!LOGS.test(file.text) || !SECRET_WORD.test(file.text)) return;
        for (const hit of pyLoggedSecrets(file.model.root, pyImportsOf(file))) report(file.path, hit);
      },
      js(file) {
        if (!LOGS.test(file.text) || !SECRET_WORD.test(file.text)) return;
        for (const hit of jsLoggedSecrets(file.model.ast)) report(file.path, hit);
      },
    };
  },
});
