import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/scan.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prodcheck-ci-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]) {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

describe('--format github', () => {
  it('prints one workflow annotation per finding, graded by priority', async () => {
    const fixture = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    const { code, stdout } = await runCli([fixture, '--format', 'github', '--rule', 'docker/unpinned-base'], REPO_ROOT);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::warning file=Dockerfile,line=1,col=6,title=P2 Base image not pinned \(docker\/unpinned-base\)::Base image `node` has no tag/);
    expect(lines[0]).toContain('%0AFix: ');
  });
});

describe('--format codequality', () => {
  it('writes GitLab Code Quality issues with severities from priorities', async () => {
    const fixture = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    const { stdout } = await runCli([fixture, '--format', 'codequality', '--rule', 'docker/unpinned-base'], REPO_ROOT);
    const issues = JSON.parse(stdout);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({
      type: 'issue',
      check_name: 'docker/unpinned-base',
      severity: 'major',
      location: { path: 'Dockerfile', lines: { begin: 1 } },
    });
    expect(issues[0].fingerprint).toMatch(/^[0-9a-f]{16}/);
  });
});

describe('--changed-since', () => {
  it('keeps file-level findings of changed files only, including uncommitted ones', async () => {
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'Dockerfile'), 'FROM node\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    mkdirSync(join(repo, 'worker'));
    writeFileSync(join(repo, 'worker', 'Dockerfile'), 'FROM python:latest\n');
    const all = await runCli([repo, '--format', 'json', '--rule', 'docker/unpinned-base'], repo);
    expect(JSON.parse(all.stdout).findings.map((f: { evidence: { path: string }[] }) => f.evidence[0].path)).toEqual(['Dockerfile', 'worker/Dockerfile']);
    const changed = await runCli([repo, '--format', 'json', '--rule', 'docker/unpinned-base', '--changed-since', 'HEAD'], repo);
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout).findings.map((f: { evidence: { path: string }[] }) => f.evidence[0].path)).toEqual(['worker/Dockerfile']);
  });

  it('exits 2 with a clear message outside a git repository or on an unknown ref', async () => {
    const plain = tempDir();
    writeFileSync(join(plain, 'Dockerfile'), 'FROM node\n');
    const outside = await runCli([plain, '--changed-since', 'main'], plain, { GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/--changed-since needs a git repository/);
    const repo = tempDir();
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a');
    const badRef = await runCli([repo, '--changed-since', 'no-such-ref'], repo);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/unknown git ref "no-such-ref"/);
  });
});

describe('prodcheck merge', () => {
  it('combines SARIF reports of separate scans into one valid SARIF with a run per scan', async () => {
    const out = tempDir();
    const a = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    const b = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-arg-expanded');
    await runCli([a, '--rule', 'docker/unpinned-base', '--output', join(out, 'a.sarif')], REPO_ROOT);
    await runCli([b, '--rule', 'docker/unpinned-base', '--output', join(out, 'b.sarif')], REPO_ROOT);
    const merged = await runCli(['merge', join(out, 'a.sarif'), join(out, 'b.sarif'), '--format', 'sarif', '--fail-on', 'P2'], REPO_ROOT);
    expect(merged.code).toBe(1);
    const sarif = JSON.parse(merged.stdout);
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, '..', 'shared', 'sarif-schema-2.1.0.json'), 'utf8'));
    const validate = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs).toHaveLength(2);
    expect(sarif.runs.map((r: { results: unknown[] }) => r.results.length)).toEqual([2, 1]);
    expect(sarif.runs[1].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/worker.Dockerfile');
  });

  it('combines JSON reports and keeps fingerprints', async () => {
    const out = tempDir();
    const a = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    await runCli([a, '--rule', 'docker/unpinned-base', '--output', join(out, 'a.json')], REPO_ROOT);
    const single = JSON.parse(readFileSync(join(out, 'a.json'), 'utf8'));
    const merged = await runCli(['merge', join(out, 'a.json'), join(out, 'a.json')], REPO_ROOT);
    const doc = JSON.parse(merged.stdout);
    expect(doc.runs).toHaveLength(2);
    expect(doc.runs[0].findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(single.findings.map((f: { fingerprint: string }) => f.fingerprint));
  });

  it('refuses a file that is not a report', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'x.json'), '{"hello": 1}');
    const result = await runCli(['merge', join(out, 'x.json')], REPO_ROOT);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/neither a prodcheck JSON report nor SARIF/);
  });
});
