import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/engine/types.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import type { Report } from '../../src/reporters/types.js';
import { REPO_ROOT, scanDir } from '../helpers/scan.js';
import { expectValidSarif } from './sarif-schema.js';
import { finding, report, run, sampleReport } from './synthetic.js';

const render = (r: Report, lang: 'en' | 'zh' = 'en', rules?: RuleMeta[]) => sarifReporter(r, { lang, colorLevel: 0, rules });
const parse = (text: string) => JSON.parse(text) as Log;

/** Every fixture repository: the cases under fixtures/<domain>/<rule>/, each scenario and robustness repo. */
function fixtureRepos(): string[] {
  const root = join(REPO_ROOT, 'fixtures');
  const repos: string[] = [];
  const dirs = (p: string) => readdirSync(p).filter((n) => statSync(join(p, n)).isDirectory()).sort();
  for (const domain of dirs(root)) {
    for (const name of dirs(join(root, domain))) {
      if (domain === 'scenarios' || domain === 'robustness') repos.push(join(root, domain, name));
      else for (const c of dirs(join(root, domain, name))) if (/^(bad|ok)-/.test(c)) repos.push(join(root, domain, name, c));
    }
  }
  return repos;
}

describe('SARIF reporter', () => {
  describe('is valid SARIF 2.1.0 for every fixture repository', () => {
    for (const dir of fixtureRepos()) {
      it(relative(REPO_ROOT, dir), async () => {
        const result = await scanDir(dir);
        const r = report({ ...result, root: relative(REPO_ROOT, dir) });
        const en = render(r);
        expectValidSarif(en);
        expectValidSarif(render(r, 'zh'));
        const log = parse(en);
        expect(log.runs[0].results).toHaveLength(result.findings.length);
        for (const res of log.runs[0].results ?? []) expectResultShape(res, log);
        const parseErrors = result.diagnostics.filter((d) => d.kind === 'parse-error');
        const notes = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
        expect(notes.filter((n) => n.descriptor?.id === 'parse-error')).toHaveLength(parseErrors.length);
      });
    }
  });

  it('is valid for a synthetic report with every kind of location and diagnostic', () => {
    expectValidSarif(render(sampleReport()));
  });

  it('maps priorities to levels and keeps the priority as a property', () => {
    const log = parse(render(sampleReport()));
    const results = log.runs[0].results!;
    const byRule = (id: string) => results.find((r) => r.ruleId === id)!;
    expect(byRule('secrets/committed-secret').level).toBe('error');
    expect(byRule('cors/wildcard-credentials').level).toBe('error');
    expect(byRule('docker/unpinned-base').level).toBe('warning');
    expect(byRule('prodcheck/parse-error').level).toBe('note');
    for (const r of results) expect(['P0', 'P1', 'P2', 'P3']).toContain(r.properties?.priority);
    expect(byRule('cors/wildcard-credentials').properties).toMatchObject({ priority: 'P1', category: 'security' });
  });

  it('points results at %SRCROOT%-relative URIs, the root without a region, further evidence as related', () => {
    const log = parse(render(sampleReport()));
    const results = log.runs[0].results!;
    const exposed = results.find((r) => r.ruleId === 'compose/exposed-datastore')!;
    const primary = exposed.locations![0].physicalLocation!;
    expect(primary.artifactLocation).toEqual({ uri: 'docker-compose.yml', uriBaseId: '%SRCROOT%' });
    expect(primary.region).toEqual({ startLine: 14, startColumn: 7, snippet: { text: '- "6379:6379"' } });
    expect(exposed.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: 'nginx.conf', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1 } } },
    ]);
    const repoLevel = results.find((r) => r.ruleId === 'repo/no-ci')!;
    expect(repoLevel.locations![0].physicalLocation).toEqual({ artifactLocation: { uri: '.', uriBaseId: '%SRCROOT%' } });
    expect(exposed.partialFingerprints).toEqual({ 'prodcheck/v1': exposed.partialFingerprints!['prodcheck/v1'] });
    expect(exposed.partialFingerprints!['prodcheck/v1']).toBeTruthy();
  });

  it('lists each rule once, sorted, with ruleIndex pointing at it and security-severity for security rules', () => {
    const log = parse(render(sampleReport()));
    const rules = log.runs[0].tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual([...new Set(rules.map((r) => r.id))].sort());
    for (const res of log.runs[0].results!) expect(rules[res.ruleIndex!].id).toBe(res.ruleId);
    const secret = rules.find((r) => r.id === 'secrets/committed-secret')!;
    expect(secret.properties).toMatchObject({ 'security-severity': '9.0', priority: 'P0' });
    expect(secret.properties!.tags).toContain('security');
    expect(rules.find((r) => r.id === 'docker/unpinned-base')!.properties!['security-severity']).toBeUndefined();
  });

  it('describes a built-in rule from its meta: title, why, help with examples, default level', async () => {
    const dir = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    const log = parse(render(report({ ...(await scanDir(dir, { only: ['docker/unpinned-base'] })), root: 'repo' })));
    const rule = log.runs[0].tool.driver.rules!.find((r) => r.id === 'docker/unpinned-base')!;
    expect(rule.shortDescription!.text).toBe('Base image not pinned');
    expect(rule.fullDescription!.text).toMatch(/registry serves at build time/);
    expect(rule.help!.markdown).toMatch(/```\nFROM node/);
    expect(rule.help!.text).toMatch(/Bad:/);
    expect(rule.defaultConfiguration!.level).toBe('warning');
    expect(rule.properties).toMatchObject({ priority: 'P2', tags: ['deployment'] });
    const zh = parse(render(report({ ...(await scanDir(dir, { only: ['docker/unpinned-base'], lang: 'zh' })), root: 'repo' }), 'zh'));
    expect(zh.runs[0].tool.driver.rules![0].shortDescription!.text).toBe('基础镜像未固定版本');
    expect(zh.runs[0].results![0].message.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('turns diagnostics into tool notifications; a crashed rule makes the execution unsuccessful', () => {
    const diagnostics = [
      { path: 'broken.py', line: 2, kind: 'parse-error', message: 'Python syntax error' },
      { path: 'blob.py', kind: 'skipped-binary', message: 'skipped: binary content' },
      { path: '.', kind: 'rule-crash', ruleId: 'x/boom', message: 'rule x/boom crashed: nope' },
    ];
    const text = render(report(run([], diagnostics)));
    expectValidSarif(text);
    const invocation = parse(text).runs[0].invocations![0];
    expect(invocation.executionSuccessful).toBe(false);
    const notes = invocation.toolExecutionNotifications!;
    expect(notes.map((n) => [n.descriptor!.id, n.level])).toEqual([
      ['parse-error', 'warning'],
      ['skipped-binary', 'note'],
      ['rule-crash', 'error'],
    ]);
    expect(notes[0].locations![0].physicalLocation).toEqual({ artifactLocation: { uri: 'broken.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 2 } });
    expect(notes[2].associatedRule).toEqual({ id: 'x/boom' });
    expect(parse(render(report(run([])))).runs[0].invocations![0]).toEqual({ executionSuccessful: true });
  });

  it('percent-encodes names with spaces and non-ASCII letters', () => {
    const text = render(report(run([finding('a/b', 'P2', 'deployment', [{ path: 'my app/配置 #1.yaml', line: 1, column: 1 }])])));
    expectValidSarif(text);
    const uri = parse(text).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri!;
    expect(uri).toBe('my%20app/%E9%85%8D%E7%BD%AE%20%231.yaml');
    expect(decodeURIComponent(uri)).toBe('my app/配置 #1.yaml');
  });

  it('gives %SRCROOT% a file URI for an absolute root and a description for a relative one', () => {
    const abs = parse(render(report(run([], [], '/srv/my repo'))));
    expect(abs.runs[0].originalUriBaseIds!['%SRCROOT%']).toEqual({ uri: 'file:///srv/my%20repo/' });
    const rel = parse(render(report(run([], [], '.'))));
    expect(rel.runs[0].originalUriBaseIds!['%SRCROOT%'].uri).toBeUndefined();
    expect(rel.runs[0].originalUriBaseIds!['%SRCROOT%'].description!.text).toMatch(/\.$/);
  });

  it('records how many findings the baseline hid, one run per root, and is byte-identical across renders', () => {
    const r = sampleReport();
    r.runs[0].stats.suppressed.baseline = 3;
    r.runs.push(run([], [], 'second'));
    const text = render(r);
    expectValidSarif(text);
    const log = parse(text);
    expect(log.runs).toHaveLength(2);
    expect(log.runs[0].properties).toMatchObject({ hiddenByBaseline: 3, summary: { P0: 8, P1: 1, P2: 2, P3: 1 } });
    expect(render({ ...r, generatedAt: '2030-01-01T00:00:00.000Z' })).toBe(text);
    expect(text).not.toMatch(/Utc"|generatedAt|2026-02-08/);
  });
});

function expectResultShape(res: Result, log: Log): void {
  const rules = log.runs[0].tool.driver.rules!;
  expect(rules[res.ruleIndex!].id).toBe(res.ruleId);
  expect(res.locations).toHaveLength(1);
  expect(res.locations![0].physicalLocation!.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
  expect(res.properties?.priority).toMatch(/^P[0-3]$/);
  expect(res.partialFingerprints?.['prodcheck/v1']).toBeTruthy();
}
