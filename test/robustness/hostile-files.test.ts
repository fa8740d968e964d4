import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult } from '../../src/engine/types.js';
import { REPORTERS } from '../../src/reporters/index.js';
import type { Report } from '../../src/reporters/types.js';
import { runCli } from '../cli/run-cli.js';
import { expectValidSarif } from '../reporters/sarif-schema.js';
import { buildDeepTree, buildHostileTree, MAX_FILE_SIZE, OUTSIDE_CANARY, type HostileTree } from './hostile-tree.js';

const UNPARSABLE = [
  '.github/workflows/ci.yml',
  'app/main.py',
  'config/settings.yaml',
  'deploy/nginx.conf',
  'docker-compose.yml',
  'my app/配置 文件.yaml',
  'package-lock.json',
  'package.json',
  'pyproject.toml',
  'src/server.ts',
  'web/App.jsx',
];
const SKIPPED: [string, string][] = [
  ['bin/model.py', 'skipped-binary'],
  ['big/generated.py', 'skipped-size'],
  ['dangling.py', 'dangling-link'],
  ['pair-a', 'dangling-link'],
  ['pair-b', 'dangling-link'],
  ['linked.env', 'link-outside-root'],
  ['linked-dir', 'link-outside-root'],
  ['app/relative-out.py', 'link-outside-root'],
];
const CLEAN = ['enc/bom/package.json', 'enc/bom.py', 'enc/crlf.py', 'enc/crlf/Dockerfile', 'enc/crlf/.env', 'enc/latin1.py', 'src/ünïcode spaces.ts', 'k8s/bomb.yaml'];

let tree: HostileTree;
let result: AuditResult;
const outputs: Record<string, string> = {};

beforeAll(async () => {
  tree = buildHostileTree();
  result = await audit({ root: tree.root, rules: ALL_RULES, maxFileSize: MAX_FILE_SIZE, today: '2026-01-01' });
  const report: Report = { tool: { name: 'prodcheck', version: '0.0.0' }, generatedAt: '2026-01-01T00:00:00.000Z', runs: [{ ...result, root: 'repo' }] };
  for (const [format, reporter] of Object.entries(REPORTERS)) {
    for (const lang of ['en', 'zh'] as const) outputs[`${format}/${lang}`] = reporter(report, { lang, colorLevel: 0 });
  }
});
afterAll(() => rmSync(dirname(tree.root), { recursive: true, force: true }));

describe('a repository full of hostile files', () => {
  it('is scanned to the end with every rule, and no rule crashes', () => {
    expect(result.stats.files).toBeGreaterThan(10);
    expect(result.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
  });

  it('reports each malformed file as a parse-error diagnostic (and a P3 finding), not a crash', () => {
    const parseErrors = result.diagnostics.filter((d) => d.kind === 'parse-error').map((d) => d.path);
    for (const path of UNPARSABLE) expect(parseErrors, path).toContain(path);
    const p3 = result.findings.filter((f) => f.ruleId === 'prodcheck/parse-error');
    for (const f of p3) expect(f.priority).toBe('P3');
    expect(p3.map((f) => f.evidence[0].path).sort()).toEqual([...new Set(parseErrors)].sort());
  });

  it('skips binaries, oversized files, dangling links, link loops and links out of the root with a diagnostic', () => {
    for (const [path, kind] of SKIPPED) expect(result.diagnostics, `${path} ${kind}`).toContainEqual(expect.objectContaining({ path, kind }));
  });

  it('parses files with a BOM, CRLF line ends, invalid UTF-8, Unicode names and YAML aliases cleanly', () => {
    const problems = result.diagnostics.map((d) => d.path);
    for (const path of CLEAN) expect(problems, path).not.toContain(path);
    for (const f of result.findings) for (const e of f.evidence) expect(e.snippet ?? '', `${f.ruleId} ${e.path}`).not.toMatch(/\r/);
  });

  it('never descends a link loop and never reads a FIFO', () => {
    const paths = [...result.findings.flatMap((f) => f.evidence.map((e) => e.path)), ...result.diagnostics.map((d) => d.path)];
    expect(paths.filter((p) => p.startsWith('loop/') || p.startsWith('linked-dir/'))).toEqual([]);
    if (tree.hasFifo) expect(paths.filter((p) => p === 'pipe.py' || p === '.env.pipe')).toEqual([]);
  });

  it('never prints the content of a file outside the root, in any format or language', () => {
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(OUTSIDE_CANARY);
  });

  it('lists the problem files as diagnostics in JSON and as notifications in valid SARIF', () => {
    const json = JSON.parse(outputs['json/en']);
    const jsonPaths = json.diagnostics.map((d: { path: string }) => d.path);
    for (const path of [...UNPARSABLE, ...SKIPPED.map(([p]) => p)]) expect(jsonPaths, path).toContain(path);

    expectValidSarif(outputs['sarif/en']);
    expectValidSarif(outputs['sarif/zh']);
    const notes = JSON.parse(outputs['sarif/en']).runs[0].invocations[0].toolExecutionNotifications as {
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    const sarifPaths = notes.map((n) => decodeURIComponent(n.locations[0].physicalLocation.artifactLocation.uri));
    for (const path of [...UNPARSABLE, ...SKIPPED.map(([p]) => p)]) expect(sarifPaths, path).toContain(path);
    expect(outputs['markdown/en']).toContain('`my app/配置 文件.yaml:3`');
  });

  it('runs through the CLI with --max-file-size and exits by findings, not 2', async () => {
    const r = await runCli([tree.root, '--max-file-size', String(MAX_FILE_SIZE), '--format', 'json', '--fail-on', 'none'], { cwd: tree.root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).diagnostics.length).toBe(result.diagnostics.length);
    expect(r.stdout).not.toContain(OUTSIDE_CANARY);
  });
});

describe('pathologically deep nesting', () => {
  let deepRoot: string;
  let deep: AuditResult;
  beforeAll(async () => {
    deepRoot = buildDeepTree();
    deep = await audit({ root: deepRoot, rules: ALL_RULES, today: '2026-01-01' });
  });
  afterAll(() => rmSync(deepRoot, { recursive: true, force: true }));

  it('gives parse errors at worst, never a crashed rule', () => {
    expect(deep.stats.files).toBe(7);
    expect(deep.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
  });
});
