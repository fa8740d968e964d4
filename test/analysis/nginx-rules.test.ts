import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, scanDir } from '../helpers/scan.js';

const fixture = (...parts: string[]) => join(REPO_ROOT, 'fixtures', ...parts);

async function messages(ruleId: string, ...parts: string[]): Promise<string[]> {
  const result = await scanDir(fixture(...parts), { only: [ruleId], config: { ignorePaths: ['/expected.json'] } });
  return result.findings.map((f) => f.message);
}

describe('nginx rule messages', () => {
  it('sse-buffering names where buffering was turned on, through includes', async () => {
    const [message] = await messages('nginx/sse-buffering', 'nginx', 'sse-buffering', 'bad-express-explicit-on');
    expect(message).toContain('`location /`');
    expect(message).toContain('GET /v1/jobs/:id/progress');
    expect(message).toContain('deploy/nginx/nginx.conf:5');
  });
});
