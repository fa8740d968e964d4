import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isClientExposedSecretName, isPublicByDesignName, isSecretName, normaliseName } from '../../src/analysis/secrets/names.js';
import { mightHoldProviderSecret, scanProviderSecrets } from '../../src/analysis/secrets/secretlint.js';
import { isPlaceholder, isPublicByDesignValue, looksLikeSecretValue, urlCredential } from '../../src/analysis/secrets/values.js';
import { REPO_ROOT, scanDir } from '../helpers/scan.js';

describe('secret names', () => {
  it('normalises any case style', () => {
    expect(normaliseName('apiKey')).toBe('API_KEY');
    expect(normaliseName('client-secret')).toBe('CLIENT_SECRET');
  });

  it.each(['OPENAI_API_KEY', 'jwtSecret', 'DB_PASSWORD', 'SMTP_PASS', 'MYSQL_PWD', 'GITHUB_TOKEN', 'secret_key', 'STRIPE_KEY', 'private_key'])(
    '%s is secret-named',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['MAX_TOKENS', 'ACCESS_TOKEN_EXPIRE_MINUTES', 'SECRET_KEY_FILE', 'CACHE_KEY', 'key', 'PASSWORD_MIN_LENGTH', 'AWS_ACCESS_KEY_ID', 'TOKEN_URL', 'JWT_ALGORITHM', 'sort_key'])(
    '%s is not secret-named',
    (name) => expect(isSecretName(name)).toBe(false),
  );

  it('knows keys that are public by design', () => {
    expect(isPublicByDesignName('NEXT_PUBLIC_SUPABASE_ANON_KEY')).toBe(true);
    expect(isPublicByDesignName('STRIPE_PUBLISHABLE_KEY')).toBe(true);
    expect(isPublicByDesignName('SUPABASE_SERVICE_ROLE_KEY')).toBe(false);
  });

  it('finds secrets behind bundler prefixes', () => {
    expect(isClientExposedSecretName('NEXT_PUBLIC_FASTGPT_API_KEY')?.framework).toBe('Next.js');
    expect(isClientExposedSecretName('VITE_OPENAI_API_KEY')?.prefix).toBe('VITE_');
    expect(isClientExposedSecretName('NEXT_PUBLIC_SUPABASE_ANON_KEY')).toBeUndefined();
    expect(isClientExposedSecretName('VITE_API_URL')).toBeUndefined();
    expect(isClientExposedSecretName('OPENAI_API_KEY')).toBeUndefined();
  });
});

describe('secret values', () => {
  it.each(['your-api-key', 'xxx', 'changeme', '<token>', '${VAR}', 'sk-...', '***', 'TODO', 'example-key-123', 'aaaaaaaaaaaaaaaa', 'short', 'AKIAIOSFODNN7EXAMPLE', 'sk_test_51HxxTESTkey'])(
    '%s is a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );

  it('tells generated values from words, paths and URLs', () => {
    expect(looksLikeSecretValue('henXkVzlZqrE2nd2eCO2X0WUUmIbuJnG5HlLB43jU38rDiU2')).toBe(true);
    expect(looksLikeSecretValue('229c9481201bba31f985ef40295fab98f0d340b857972beb75e685e947ceafb2')).toBe(true);
    expect(looksLikeSecretValue('d64foO7OvqUYNY', { password: true })).toBe(true);
    expect(looksLikeSecretValue('supersecretjwtkeyforlocaldev')).toBe(false);
    expect(looksLikeSecretValue('/run/secrets/django_key')).toBe(false);
    expect(looksLikeSecretValue('https://auth.example.org/token')).toBe(false);
    expect(looksLikeSecretValue('DJANGO_SECRET_KEY')).toBe(false);
  });

  it('recognises public-by-design values', () => {
    expect(isPublicByDesignValue('pk_live_3BDqGsC5IHra8mGXw5zMRl5f')).toBe(true);
    expect(isPublicByDesignValue('sk_live_nFDOpdJvarwItsjk5inSjV5o')).toBe(false);
  });

  it('splits a connection URL', () => {
    expect(urlCredential('postgres://app:s3cr3tPw@db.internal:5432/app')).toMatchObject({ user: 'app', password: 's3cr3tPw', host: 'db.internal' });
    expect(urlCredential('https://example.org/path')).toBeUndefined();
  });
});

describe('secretlint wrapper', () => {
  it('prefilters cheaply and finds AWS key ids with the ID scan enabled', async () => {
    expect(mightHoldProviderSecret('const x = 1;\nexport default x;\n')).toBe(false);
    const text = 'aws_access_key_id = AKIA4O499OYA5VNGCNGS\n';
    expect(mightHoldProviderSecret(text)).toBe(true);
    const hits = await scanProviderSecrets('config/aws.ini', text);
    expect(hits).toMatchObject([{ rule: 'aws', value: 'AKIA4O499OYA5VNGCNGS', line: 1, column: 21 }]);
  });
});

describe('committed-secret redaction', () => {
  it('never prints a raw secret value in any finding', async () => {
    const dir = join(REPO_ROOT, 'fixtures/secrets/committed-secret/bad-dotenv-keys');
    const result = await scanDir(dir, { only: ['secrets/committed-secret'] });
    const output = JSON.stringify(result);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const line of readFileSync(join(dir, '.env'), 'utf8').split('\n')) {
      const value = line.split('=').slice(1).join('=');
      if (/^(?:OPENAI|STRIPE_SECRET|AWS|JWT_SECRET|SUPABASE_SERVICE)/.test(line)) expect(output).not.toContain(value);
    }
    expect(output).not.toContain('d64foO7OvqUYNY');
    expect(output).toContain('redacted');
  });
});

describe('secret values never leave in env-based findings', () => {
  it('client-exposed and env-file-committed redact the values on their evidence lines', async () => {
    const dir = join(REPO_ROOT, 'fixtures/secrets/client-exposed/bad-vite-env-and-code');
    const result = await scanDir(dir, { only: ['secrets/client-exposed', 'secrets/env-file-committed'] });
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['secrets/client-exposed', 'secrets/env-file-committed']);
    expect(JSON.stringify(result)).not.toContain('sk-Qm4x8Zt2LwP9rT5vY7nB3cD6');
  });
});
