import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectValidSarif } from '../reporters/sarif-schema.js';
import { runCli, tempRepo, UNPINNED_DOCKERFILE } from './run-cli.js';

const ONLY = ['--rule', 'docker/unpinned-base'];
const repo = tempRepo({ 'Dockerfile': UNPINNED_DOCKERFILE, 'ok/Dockerfile': 'FROM node:20.19-bookworm-slim\n' });
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli(args, { cwd: repo });
const json = (stdout: string) => JSON.parse(stdout) as { findings: { priority: string; ruleId: string; evidence: { path: string; line: number }[] }[]; stats: { suppressed: { baseline: number } } };

describe('prodcheck scan: exit codes', () => {
  it('exits 0 when nothing is at or above --fail-on (default P0)', async () => {
    const r = await cli('.', ...ONLY);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dockerfile:1:6');
    expect(r.stderr).toBe('');
  });

  it('exits 1 with --fail-on P2 and 0 with --fail-on none', async () => {
    expect((await cli('.', ...ONLY, '--fail-on', 'P2')).code).toBe(1);
    expect((await cli('.', ...ONLY, '--fail-on', 'P3')).code).toBe(1);
    expect((await cli('.', ...ONLY, '--fail-on', 'P1')).code).toBe(0);
    expect((await cli('.', ...ONLY, '--fail-on', 'none')).code).toBe(0);
  });

  it('exits 0 on a clean folder', async () => {
    expect((await cli('ok', ...ONLY, '--fail-on', 'P3')).code).toBe(0);
  });

  it.each([
    [['--format', 'xml'], /xml/],
    [['--bogus'], /bogus/],
    [['--fail-on', 'P7'], /P7/],
    [['--max-file-size', 'lots'], /max-file-size/],
  ])('exits 2 on a bad flag %j', async (args, pattern) => {
    const r = await cli('.', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing path or a file given as the root, with one line that says what to do', async () => {
    const missing = await cli('no/such/dir');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('prodcheck: path not found: no/such/dir\n');
    const file = await cli('Dockerfile');
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/^prodcheck: not a folder: Dockerfile/);
  });

  it('exits 2 on an unknown rule id', async () => {
    for (const flag of ['--rule', '--disable']) {
      const r = await cli('.', flag, 'nope/nothing');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown rule "nope\/nothing".*prodcheck rules/);
    }
  });

  it('exits 2 on an invalid config and lists every error with its path', async () => {
    writeFileSync(join(repo, 'bad-config.yaml'), 'failOn: P9\nlang: fr\nmaxFileSize: -3\nrules:\n  docker/unpinned-base: sometimes\nunknownKey: 1\n');
    const r = await cli('.', '--config', 'bad-config.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^prodcheck: invalid config/);
    for (const path of ['/failOn', '/lang', '/maxFileSize', '/rules/docker~1unpinned-base', 'unknownKey']) expect(r.stderr).toContain(path);
    const yaml = await runCli(['.', '--config', 'broken.yaml'], { cwd: tempRepo({ 'broken.yaml': 'rules: [unclosed\n' }) });
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/not valid YAML/);
    const none = await cli('.', '--config', 'missing.yaml');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/cannot read config/);
  });

  it('reads .prodcheck.yaml from the scanned folder', async () => {
    const dir = tempRepo({ Dockerfile: UNPINNED_DOCKERFILE, '.prodcheck.yaml': 'failOn: P2\nrules:\n  docker/unpinned-base: P1\n' });
    const r = await runCli(['.', ...ONLY, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.priority)).toEqual(['P1', 'P1']);
  });
});

describe('prodcheck scan: formats and output', () => {
  it('prints each format', async () => {
    const text = await cli('.', ...ONLY, '--format', 'text');
    expect(text.stdout).toMatch(/2 findings \(P0 0, P1 0, P2 2, P3 0\)/);
    const doc = json((await cli('.', ...ONLY, '--format', 'json')).stdout);
    expect(doc.findings.map((f) => `${f.evidence[0].path}:${f.evidence[0].line}`)).toEqual(['Dockerfile:1', 'Dockerfile:4']);
    const sarif = await cli('.', ...ONLY, '--format', 'sarif');
    expectValidSarif(sarif.stdout);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
    const md = await cli('.', ...ONLY, '--format', 'markdown');
    expect(md.stdout).toMatch(/^# Repository — Production Readiness Audit/);
    expect(md.stdout).toContain('- Location: `Dockerfile:1`, `Dockerfile:4`');
  });

  it('writes --output and infers the format from its extension', async () => {
    for (const [file, check] of [
      ['out/report.sarif', (t: string) => expectValidSarif(t)],
      ['report.json', (t: string) => expect(json(t).findings).toHaveLength(2)],
      ['report.md', (t: string) => expect(t).toContain('## Summary')],
      ['report.txt', (t: string) => expect(t).toContain('Dockerfile:1:6')],
    ] as const) {
      if (file.includes('/')) rmSync(join(repo, 'out'), { recursive: true, force: true });
      const r = await cli('.', ...ONLY, '--output', file.replace('out/', ''));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      check(readFileSync(join(repo, file.replace('out/', '')), 'utf8'));
    }
    // An explicit --format wins over the extension.
    await cli('.', ...ONLY, '--output', 'forced.json', '--format', 'markdown');
    expect(readFileSync(join(repo, 'forced.json'), 'utf8')).toMatch(/^# /);
  });

  it('never colours a file or a pipe; colours a terminal unless NO_COLOR or --no-color', async () => {
    const ESC = '\u001b[';
    expect((await cli('.', ...ONLY)).stdout).not.toContain(ESC);
    expect((await runCli(['.', ...ONLY], { cwd: repo, tty: true })).stdout).toContain(ESC);
    expect((await runCli(['.', ...ONLY, '--no-color'], { cwd: repo, tty: true })).stdout).not.toContain(ESC);
    expect((await runCli(['.', ...ONLY], { cwd: repo, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await runCli(['.', ...ONLY], { cwd: repo, env: { FORCE_COLOR: '1' } })).stdout).toContain(ESC);
  });

  it('--min-priority and --quiet drop findings below the threshold', async () => {
    expect(json((await cli('.', ...ONLY, '--format', 'json', '--min-priority', 'P1')).stdout).findings).toEqual([]);
    expect(json((await cli('.', ...ONLY, '--format', 'json', '--min-priority', 'P2')).stdout).findings).toHaveLength(2);
    expect(json((await cli('.', ...ONLY, '--format', 'json', '--quiet')).stdout).findings).toEqual([]);
    expect(json((await cli('.', ...ONLY, '--format', 'json', '--quiet', '--fail-on', 'P2')).stdout).findings).toHaveLength(2);
  });

  it('--lang zh renders messages and the report skeleton in Chinese', async () => {
    const md = await cli('.', ...ONLY, '--format', 'markdown', '--lang', 'zh');
    expect(md.stdout).toContain('## 结论摘要');
    expect(md.stdout).toContain('基础镜像未固定版本');
    // Options before the path work as well as after it.
    expect((await cli('--lang', 'zh', '--format', 'markdown', '.', ...ONLY)).stdout).toContain('## 结论摘要');
    const text = await cli('.', ...ONLY, '--lang', 'zh');
    expect(text.stdout).toContain('P2（中优先级）');
    expect(text.stdout).toMatch(/[\u4e00-\u9fff]/);
  });

  it('dates the report from SOURCE_DATE_EPOCH when set, so golden reports are reproducible', async () => {
    const env = { SOURCE_DATE_EPOCH: '1770508800' };
    const first = await runCli(['.', ...ONLY, '--format', 'markdown'], { cwd: repo, env });
    expect(first.stdout).toContain('Generated: 2026-02-08 · prodcheck ');
    expect((await runCli(['.', ...ONLY, '--format', 'markdown'], { cwd: repo, env })).stdout).toBe(first.stdout);
    expect(JSON.parse((await runCli(['.', ...ONLY, '--format', 'json'], { cwd: repo, env })).stdout).generatedAt).toBe('2026-02-08T00:00:00.000Z');
  });

  it('scans several roots into one report', async () => {
    const r = await cli('.', 'ok', ...ONLY, '--format', 'json');
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((run: { root: string }) => run.root)).toEqual(['.', 'ok']);
    expectValidSarif((await cli('.', 'ok', ...ONLY, '--format', 'sarif')).stdout);
  });
});

describe('prodcheck scan: baseline', () => {
  it('hides baselined findings, says how many, and still reports a changed one', async () => {
    const dir = tempRepo({ Dockerfile: UNPINNED_DOCKERFILE });
    const run = (...args: string[]) => runCli(['.', ...ONLY, ...args], { cwd: dir });
    const written = await run('--write-baseline', 'baseline.json', '--fail-on', 'P2');
    expect(written.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).findings).toHaveLength(2);

    const hidden = await run('--baseline', 'baseline.json', '--fail-on', 'P2');
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain('2 hidden by baseline');
    const doc = json((await run('--baseline', 'baseline.json', '--format', 'json')).stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.stats.suppressed.baseline).toBe(2);
    expect(JSON.parse((await run('--baseline', 'baseline.json', '--format', 'sarif')).stdout).runs[0].properties.hiddenByBaseline).toBe(2);
    expect((await run('--baseline', 'baseline.json', '--format', 'markdown')).stdout).toContain('Not listed: 2 findings hidden by the baseline.');

    // Lines moving does not un-hide; a changed finding (another image) is new.
    writeFileSync(join(dir, 'Dockerfile'), `# build\n\n${UNPINNED_DOCKERFILE.replace('FROM python:latest', 'FROM ruby:latest')}`);
    const changed = json((await run('--baseline', 'baseline.json', '--format', 'json')).stdout);
    expect(changed.findings.map((f) => f.evidence[0].line)).toEqual([6]);
    expect(changed.stats.suppressed.baseline).toBe(1);
  });

  it('exits 2 on an unreadable or malformed baseline', async () => {
    const missing = await cli('.', '--baseline', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--write-baseline/);
    writeFileSync(join(repo, 'not-a-baseline.json'), '{"x": 1}');
    expect((await cli('.', '--baseline', 'not-a-baseline.json')).code).toBe(2);
  });
});

describe('prodcheck subcommands', () => {
  it('rules lists every rule with id, priority, kinds and title', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^docker\/unpinned-base\s+P2\s+dockerfile\s+Base image not pinned$/m);
    const list = JSON.parse((await cli('rules', '--json')).stdout);
    expect(list.find((x: { id: string }) => x.id === 'docker/unpinned-base')).toMatchObject({ priority: 'P2', category: 'deployment' });
    expect((await cli('rules', '--lang', 'zh')).stdout).toContain('基础镜像未固定版本');
  });

  it('explain prints why, risk, fix and examples; an unknown id exits 2', async () => {
    const r = await cli('explain', 'docker/unpinned-base');
    expect(r.code).toBe(0);
    for (const part of ['docker/unpinned-base — Base image not pinned', 'Why:', 'Risk:', 'Fix:', 'Bad:', 'Good:', 'References:']) expect(r.stdout).toContain(part);
    expect((await cli('explain', 'docker/unpinned-base', '--lang', 'zh')).stdout).toContain('原因：');
    const unknown = await cli('explain', 'nope/nothing');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('prodcheck: unknown rule "nope/nothing"; run "prodcheck rules" to list them\n');
  });

  it('init writes a valid commented .prodcheck.yaml and refuses to overwrite it', async () => {
    const dir = tempRepo({});
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const target = join(dir, '.prodcheck.yaml');
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^# prodcheck configuration/);
    writeFileSync(target, 'failOn: P1\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(target, 'utf8')).toBe('failOn: P1\n');
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    // The file it writes is a valid config: a scan that reads it works.
    expect((await runCli(['.', '--fail-on', 'none'], { cwd: dir })).code).toBe(0);
  });

  it('--version and --help exit 0', async () => {
    const v = await cli('--version');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const h = await cli('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--fail-on');
  });
});
