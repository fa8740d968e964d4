import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult } from '../../src/engine/types.js';

const MB = 1024 * 1024;

/** The sizes the robustness brief names: a 10 MB one-line bundle, a 60 MB log, JSON 200,000 deep. */
function buildScaleTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'prodcheck-scale-'));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const parts: string[] = [];
  for (let i = 0, size = 0; size < 10 * MB; i++) {
    const part = `function f${i}(a,b){return a+b*${i}}`;
    parts.push(part);
    size += part.length + 1;
  }
  put('web/static/app.js', `${parts.join(';')}\n`);
  mkdirSync(join(root, 'logs'));
  const fd = openSync(join(root, 'logs/app.log'), 'w');
  let chunk = '';
  for (let i = 0, size = 0; size < 60 * MB; i++) {
    const line = `2026-11-22T05:${String(i % 60).padStart(2, '0')}:00Z INFO id=${i} path=/api/items/${i} status=200 user=alice token_refresh=false ms=${i % 997}\n`;
    chunk += line;
    size += line.length;
    if (chunk.length > MB) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  put('package.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
  put('config/deep.json', `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
  put('app/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n');
  return root;
}

describe('files at repository scale', () => {
  let root: string;
  let byDefault: AuditResult;
  let raised: AuditResult;
  beforeAll(async () => {
    root = buildScaleTree();
    byDefault = await audit({ root, rules: ALL_RULES, today: '2026-01-01', jobs: 1 });
    raised = await audit({ root, rules: ALL_RULES, today: '2026-01-01', jobs: 1, maxFileSize: 128 * MB });
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('skips the 10 MB bundle and the 60 MB log by default, each with a diagnostic', () => {
    const skipped = byDefault.diagnostics.filter((d) => d.kind === 'skipped-size').map((d) => d.path);
    expect(skipped).toEqual(['logs/app.log', 'web/static/app.js']);
  });

  it('reads them when the limit allows, and still finishes without a crashed rule', () => {
    expect(raised.diagnostics.filter((d) => d.kind === 'skipped-size')).toEqual([]);
    expect(raised.stats.files).toBe(5);
    for (const result of [byDefault, raised]) expect(result.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
  });

  it('treats a one-line minified bundle as built output, not as source to parse', () => {
    expect(raised.stats.filesByKind.js).toBeUndefined();
    expect(raised.diagnostics.filter((d) => d.path === 'web/static/app.js')).toEqual([]);
  });

  it('reports JSON nested 200,000 deep as a parse error of that file, not an engine failure', () => {
    const deep = raised.diagnostics.filter((d) => d.path === 'package.json');
    expect(deep.map((d) => d.kind)).toEqual(['parse-error']);
  });
});
