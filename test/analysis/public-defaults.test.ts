import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPublicWeakPassword, redactableSecrets } from '../../src/analysis/secrets/public-defaults.js';
import { REPO_ROOT, scanDir } from '../helpers/scan.js';

describe('publicly known passwords', () => {
  it('are documented image defaults and dictionary words, case-insensitively', () => {
    for (const v of ['minioadmin', 'MinioAdmin', 'admin', 'guest', 'changeme']) expect(isPublicWeakPassword(v), v).toBe(true);
    for (const v of ['s3cr3t-Prod-2024', 'juben_admin_pw']) expect(isPublicWeakPassword(v), v).toBe(false);
    expect(redactableSecrets(['minioadmin', 'juben_admin_pw'])).toEqual(['juben_admin_pw']);
  });

  it('are named in reports, while other committed values stay redacted', async () => {
    const dir = join(REPO_ROOT, 'fixtures', 'scenarios', 'script-agent-platform-004');
    const result = await scanDir(dir, { only: ['compose/default-credentials', 'secrets/env-file-committed'] });
    const minio = result.findings.find((f) => f.ruleId === 'compose/default-credentials' && f.message.includes('MINIO_ROOT_PASSWORD'));
    expect(minio?.message).toContain('`minioadmin`');
    const text = JSON.stringify(result.findings);
    expect(text).toContain('OPENAI_API_KEY=');
    expect(text).not.toContain('RfywCEDNruZ3ManCr7AfdfjF6UObeB7uoEMl7XLsxH1');
  });
});
