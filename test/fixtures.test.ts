import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { fixtureCases } from './helpers/fixtures.js';
import { scanDir } from './helpers/scan.js';

/**
 * fixtures/<domain>/<rule>/<case>/ is a tiny repository. `bad-*` cases hold `expected.json`
 * (the exact findings: path, line, priority); `ok-*` cases must produce none. Only the rule under
 * test runs, so other rules' findings in the same files cannot hide a miss.
 */
interface Expected {
  path: string;
  line?: number;
  priority: string;
  /** Further evidence paths, when the rule reports several places. */
  also?: string[];
}

const cases = fixtureCases();

describe('rule fixtures', () => {
  it('cover at least one rule', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const { ruleId, name, dir } of cases) {
    it(`${ruleId} ${name}`, async () => {
      expect(ALL_RULES.some((r) => r.meta.id === ruleId), `rule ${ruleId} is registered`).toBe(true);
      const result = await scanDir(dir, { only: [ruleId], config: { ignorePaths: ['/expected.json'] } });
      const crashes = result.diagnostics.filter((d) => d.kind === 'rule-crash');
      expect(crashes).toEqual([]);
      const actual = result.findings.map((f) => ({
        path: f.evidence[0].path,
        ...(f.evidence[0].line !== undefined ? { line: f.evidence[0].line } : {}),
        priority: f.priority,
        ...(f.evidence.length > 1 ? { also: f.evidence.slice(1).map((e) => (e.line ? `${e.path}:${e.line}` : e.path)) } : {}),
      }));
      if (name.startsWith('ok-')) {
        expect(actual).toEqual([]);
        return;
      }
      const expectedFile = join(dir, 'expected.json');
      expect(existsSync(expectedFile), `${expectedFile} exists`).toBe(true);
      const expected: Expected[] = JSON.parse(readFileSync(expectedFile, 'utf8'));
      expect(expected.length, 'a bad case expects at least one finding').toBeGreaterThan(0);
      const comparable = actual.map((a) => {
        const want = expected.find((e) => e.path === a.path && e.line === a.line);
        // `also` is compared only where the expectation states it.
        return want && !want.also ? { path: a.path, line: a.line, priority: a.priority } : a;
      });
      expect(comparable).toEqual(expected.map((e) => ({ ...e })));
    });
  }
});
