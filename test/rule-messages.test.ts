import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../src/engine/types.js';
import { REPO_ROOT, scanDir } from './helpers/scan.js';

/**
 * What findings say, for messages that vary by case: the fixture tests pin where a finding is,
 * these pin that its words match what was found (and read well in both languages).
 */
async function messages(fixture: string, rule: string, lang: Lang = 'en'): Promise<string[]> {
  const result = await scanDir(join(REPO_ROOT, 'fixtures', fixture), { only: [rule], lang, config: { ignorePaths: ['/expected.json'] } });
  return result.findings.map((f) => f.message);
}

describe('rule messages', () => {
  it('nginx/sse-gzip-timeout names exactly what keeps the upstream connection from staying open', async () => {
    const [http11] = await messages('nginx/sse-gzip-timeout/bad-http11-without-connection', 'nginx/sse-gzip-timeout');
    expect(http11).toContain('with `proxy_http_version 1.1` but without `proxy_set_header Connection ""`');
    expect(http11).not.toContain('HTTP/1.0');
    const both = await messages('nginx/sse-gzip-timeout/bad-gzip-timeout-keepalive', 'nginx/sse-gzip-timeout');
    expect(both.some((m) => m.includes('without `proxy_http_version 1.1` and `proxy_set_header Connection ""`: nginx talks HTTP/1.0'))).toBe(true);
  });

  it('headers/missing-security-headers gives app advice for the framework when there is no proxy', async () => {
    const [express] = await messages('headers/missing-security-headers/bad-express-no-proxy', 'headers/missing-security-headers');
    expect(express).toMatch(/sets no `Strict-Transport-Security` or `Content-Security-Policy` \(/);
    expect(express).toContain('set them in the app: `app.use(helmet())` (helmet).');
    const [zh] = await messages('headers/missing-security-headers/bad-express-no-proxy', 'headers/missing-security-headers', 'zh');
    expect(zh).toContain('未设置 `Strict-Transport-Security`、`Content-Security-Policy`（');
    const nginx = await messages('headers/missing-security-headers/bad-nginx-missing-and-dropped', 'headers/missing-security-headers');
    expect(nginx.every((m) => !m.includes('set them in the app'))).toBe(true);
  });
});
