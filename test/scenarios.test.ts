import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding, Lang, Priority } from '../src/engine/types.js';
import { REPORTERS } from '../src/reporters/index.js';
import type { Report } from '../src/reporters/types.js';
import { REPO_ROOT, scanDir } from './helpers/scan.js';
import { SCENARIO_EXPECTATIONS, type KeyFinding } from './scenarios/expectations.js';

/**
 * fixtures/scenarios/<name>/ are realistic repositories, one per source report (seeds/000–004).
 * Their golden reports live beside them in <name>.expected/ (outside the scanned tree) and are
 * regenerated only on purpose: `UPDATE_GOLDEN=1 npx vitest run test/scenarios.test.ts`.
 * Beyond the golden diff, every finding the source report names is asserted by rule, path and
 * priority (test/scenarios/expectations.ts), so a regression is named rather than a diff.
 */
const SCENARIOS = join(REPO_ROOT, 'fixtures', 'scenarios');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Fixed so that goldens do not change with the date or the package version. */
const GENERATED_AT = '2026-02-08T00:00:00.000Z';
const TOOL = { name: 'prodcheck', version: '0.0.0-golden' };

const names = readdirSync(SCENARIOS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.endsWith('.expected'))
  .map((e) => e.name)
  .sort();

async function scan(name: string, lang: Lang): Promise<AuditResult> {
  const result = await scanDir(join(SCENARIOS, name), { lang });
  // The root as a reader would type it, and no wall-clock numbers: goldens stay byte-stable.
  return { ...result, root: name, stats: { ...result.stats, durationMs: 0, timing: undefined } };
}

function render(format: 'markdown' | 'sarif' | 'json', run: AuditResult, lang: Lang): string {
  const report: Report = { tool: TOOL, generatedAt: GENERATED_AT, runs: [run] };
  return REPORTERS[format](report, { lang, colorLevel: 0 });
}

function matches(f: Finding, want: KeyFinding): boolean {
  if (f.ruleId !== want.rule) return false;
  const paths = want.anyEvidence ? f.evidence.map((e) => e.path) : [f.evidence[0].path];
  if (!paths.includes(want.path)) return false;
  return want.line === undefined || f.evidence.some((e) => e.path === want.path && e.line === want.line);
}

describe('scenario repositories', () => {
  it('one per source report', () => {
    expect(names.length).toBe(5);
    for (const name of names) expect(SCENARIO_EXPECTATIONS[name], `${name} has expectations`).toBeDefined();
  });

  for (const name of names) {
    describe(name, () => {
      let en: AuditResult;
      let zh: AuditResult;
      beforeAll(async () => {
        en = await scan(name, 'en');
        zh = await scan(name, 'zh');
        if (process.env.SCENARIO_DUMP) {
          const lines = en.findings.map((f) => `${f.priority} ${f.ruleId} ${f.evidence.map((e) => `${e.path}:${e.line ?? ''}`).join(' ')} | ${f.message}`);
          writeFileSync(join(process.env.SCENARIO_DUMP, `${name}.txt`), [...lines, ...en.diagnostics.map((d) => `DIAG ${d.kind} ${d.path}:${d.line ?? ''} ${d.message}`)].join('\n') + '\n');
        }
      });

      it('no rule crashes', () => {
        expect(en.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
      });

      const goldens: { file: string; make: () => string }[] = [
        { file: 'expected.md', make: () => render('markdown', en, 'en') },
        { file: 'expected.zh.md', make: () => render('markdown', zh, 'zh') },
        { file: 'expected.sarif', make: () => render('sarif', en, 'en') },
        { file: 'expected.json', make: () => render('json', en, 'en') },
      ];
      for (const { file, make } of goldens) {
        it(`matches ${name}.expected/${file}`, () => {
          const dir = join(SCENARIOS, `${name}.expected`);
          const path = join(dir, file);
          const actual = make();
          if (UPDATE) {
            mkdirSync(dir, { recursive: true });
            writeFileSync(path, actual);
            return;
          }
          expect(existsSync(path), `${path} exists (UPDATE_GOLDEN=1 writes it)`).toBe(true);
          expect(actual).toBe(readFileSync(path, 'utf8'));
        });
      }

      const spec = SCENARIO_EXPECTATIONS[name];
      for (const want of spec?.found ?? []) {
        const where = `${want.path}${want.line ? `:${want.line}` : ''}`;
        const label = `finds ${want.rule} at ${where} as ${want.priority} (${want.seed})`;
        const check = () => {
          const hits = en.findings.filter((f) => matches(f, want));
          const same = en.findings.filter((f) => f.ruleId === want.rule).map((f) => `${f.evidence[0].path}:${f.evidence[0].line ?? ''} ${f.priority}`);
          expect(hits.map((f) => f.priority), `${want.rule} on ${where}; this rule reported: ${JSON.stringify(same)}`).toContain(want.priority);
        };
        // A known miss is declared failing: it turns red when the finding appears, to be marked ✅.
        if (want.pending) it.fails(`[known miss: ${want.pending}] ${label}`, check);
        else it(label, check);
      }
      for (const absent of spec?.absent ?? []) {
        const where = absent.path ? ` at ${absent.path}${absent.lines ? `:${absent.lines.join('/')}` : ''}` : '';
        const label = `does not report ${absent.rule}${where} (${absent.why})`;
        const check = () => {
          const hits = en.findings.filter(
            (f) =>
              f.ruleId === absent.rule &&
              (!absent.path || f.evidence[0].path === absent.path) &&
              (!absent.lines || absent.lines.includes(f.evidence[0].line ?? -1)),
          );
          expect(hits.map((f) => `${f.evidence[0].path}:${f.evidence[0].line ?? ''}`)).toEqual([]);
        };
        if (absent.pending) it.fails(`[known false positive: ${absent.pending}] ${label}`, check);
        else it(label, check);
      }
      if (spec?.maxPriority) {
        const allowed: Priority[] = (['P0', 'P1', 'P2', 'P3'] as Priority[]).filter((p) => p >= spec.maxPriority!);
        it(`reports nothing above ${spec.maxPriority}`, () => {
          const above = en.findings.filter((f) => !allowed.includes(f.priority));
          expect(above.map((f) => `${f.priority} ${f.ruleId} ${f.evidence[0].path}:${f.evidence[0].line ?? ''}`)).toEqual([]);
        });
      }
    });
  }
});
