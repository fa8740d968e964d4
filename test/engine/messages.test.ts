import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/engine/messages.js';

describe('message templates', () => {
  it('fills text and numbers the same in every language', () => {
    expect(renderTemplate('{{name}} has {{n}} routes', { name: '`api`', n: 3 }, 'zh')).toBe('`api` has 3 routes');
  });

  it('joins lists the way each language writes them', () => {
    const data = { headers: ['`HSTS`', '`CSP`', '`X-Content-Type-Options`'] };
    expect(renderTemplate('sets no {{headers}}', data, 'en')).toBe('sets no `HSTS`, `CSP`, `X-Content-Type-Options`');
    expect(renderTemplate('未设置 {{headers}}', data, 'zh')).toBe('未设置 `HSTS`、`CSP`、`X-Content-Type-Options`');
  });

  it('picks the language of translated values, and leaves unknown placeholders visible', () => {
    const data = { kind: { en: 'a child process', zh: '子进程' } };
    expect(renderTemplate('blocks ({{kind}})', data, 'en')).toBe('blocks (a child process)');
    expect(renderTemplate('阻塞（{{kind}}）', data, 'zh')).toBe('阻塞（子进程）');
    expect(renderTemplate('{{missing}}', data, 'en')).toBe('{{missing}}');
  });
});

describe('message words', async () => {
  const { withIndefiniteArticle, counted } = await import('../../src/engine/message-words.js');
  it('chooses a or an by sound', () => {
    const cases: [string, string][] = [
      ['OpenAI API key', 'an OpenAI API key'],
      ['AWS access key ID', 'an AWS access key ID'],
      ['npm token', 'an npm token'],
      ['SSH key', 'an SSH key'],
      ['GitHub token', 'a GitHub token'],
      ['Slack token', 'a Slack token'],
      ['private key', 'a private key'],
      ['anthropic credential', 'an anthropic credential'],
      ['1Password service-account token', 'a 1Password service-account token'],
      ['user', 'a user'],
      ['GCP service-account key', 'a GCP service-account key'],
    ];
    for (const [phrase, expected] of cases) expect(withIndefiniteArticle(phrase)).toBe(expected);
  });
  it('counts with the right English plural and a Chinese unit', () => {
    expect(counted(1, 'call', 'calls', '处')).toEqual({ en: '1 call', zh: '1 处' });
    expect(counted(3, 'call', 'calls', '处')).toEqual({ en: '3 calls', zh: '3 处' });
  });
});
