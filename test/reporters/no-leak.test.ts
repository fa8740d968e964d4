import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../../src/engine/audit.js';
import { redactValue } from '../../src/engine/redact.js';
import type { AuditResult, Rule } from '../../src/engine/types.js';
import { REPORTERS } from '../../src/reporters/index.js';
import type { Report } from '../../src/reporters/types.js';
import { fakeRule } from '../cli/fake-rules.js';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT } from '../helpers/scan.js';

const CANARIES_DIR = join(REPO_ROOT, 'fixtures', 'robustness', 'secret-canaries');

/** Every raw secret in the canary fixture (fake, but shaped like the real thing). */
const RAW = {
  'openai key (.env)': 'sk-proj-Zq7X2mN9vB4cR8tY1uI5oP3aS6dF0gH2T3BlbkFJk4L7jW9eQ1rT5yU8iO2pA6sD3f',
  'postgres password (.env)': 'Vq9xL2mR7tK4pN8wZ3',
  'github token (.env)': 'ghp_R7kT2mQ9vX4bN8cL1pW6zY3hJ5dF0sA9gE2u',
  'aws access key id (yaml)': 'AKIAZ7QK4M2XN8VB3CPT',
  'aws secret access key (yaml)': 'Zr8Hq2Vx7Lp4Nt9Bk3Mw6Jd1Fs5Gc0Yu2Ea8Ti4O',
  'postgres password (yaml)': 'Hs4kP9wQ2zL7xC5v',
  'github token (Dockerfile ENV)': 'ghp_M4nB8vC2xZ6lK9jH3gF7dS1aQ5wE0rT8yU2i',
  'openai key (Dockerfile ENV)': 'sk-proj-Wc3Lr8Tn1Qv6Xb9Mk2Hp5Ja0Fd7Gs4T3BlbkFJz8Yq1Ue6Io3Pa9Sd5Lk2Mn',
  'openai key (ts)': 'sk-proj-Hn5Tq2Lx8Rv3Kp9Bm6Wz1Cj4Fd7Gs0T3BlbkFJa6Ye2Ui8Op4As1Dk7Lm3Nq',
  'postgres password (ts)': 'Kd8sW3qZ6mX1vB9n',
  'private key line 1 (ts)': 'MIIEowIBAAKCAQEAq7Xz4Lm9Pv2Rt8Kw3Nb6Hc1Jd5Fg0Sa7Ye2Ui4Oq9Zx3Mv8Ln',
  'private key line 2 (ts)': 'Tb5Rk1Wp6Hj2Cd9Gf4Sa0Qe7Yu3Io8Pl5Kz1Xm6Nv2Bc9Vd4Fg7Hj0Lk3Mq8Np5Rs',
  'private key line 3 (ts)': 'Wt2Yx6Za1Bc4De7Fg0Hi3Jk6Lm9No2Pq5Rs8Tu1Vw4Xy7Za0Bc3De6Fg9Hi2Jk5Lm',
};
/** A redacted value keeps at most 4 leading characters; any 10-character run of a secret is a leak. */
const WINDOW = 10;

function expectNoLeak(outputs: Record<string, string>): void {
  for (const [name, raw] of Object.entries(RAW)) {
    for (let i = 0; i + WINDOW <= raw.length; i++) {
      const piece = raw.slice(i, i + WINDOW);
      for (const [format, text] of Object.entries(outputs)) {
        if (text.includes(piece)) expect.fail(`${format} output leaks part of the ${name}: "${piece}"`);
      }
    }
  }
}

function renderAll(result: AuditResult): Record<string, string> {
  const report: Report = { tool: { name: 'prodcheck', version: '0.0.0' }, generatedAt: '2026-01-01T00:00:00.000Z', runs: [{ ...result, root: 'secret-canaries' }] };
  const out: Record<string, string> = {};
  for (const [format, reporter] of Object.entries(REPORTERS)) {
    for (const lang of ['en', 'zh'] as const) out[`${format}/${lang}`] = reporter(report, { lang, colorLevel: 0 });
  }
  return out;
}

/** The line of `text` holding each raw value, and the value itself: what a secret scanner would report. */
function canaryHits(text: string): { line: number; raw: string }[] {
  const lines = text.split('\n');
  return Object.values(RAW).flatMap((raw) => {
    const index = lines.findIndex((l) => l.includes(raw));
    return index < 0 ? [] : [{ line: index + 1, raw }];
  });
}

// A rule that reports the raw value everywhere it can: in the message data and the snippet.
const leakyRule: Rule = fakeRule(
  'test/leaky-secret',
  (ctx) => ({
    text(file) {
      for (const hit of canaryHits(file.text)) {
        ctx.report({ messageId: 'found', data: { detail: hit.raw }, evidence: [{ path: file.path, line: hit.line, snippet: `value = ${hit.raw}` }], secrets: [hit.raw] });
      }
    },
  }),
  { kinds: ['text'], priority: 'P0', message: 'Secret {{detail}} is committed' },
);
// A rule that knows nothing of secrets, pointing at the same lines: its default snippets must be masked too.
const innocentRule: Rule = fakeRule(
  'test/innocent',
  (ctx) => ({
    text(file) {
      for (const hit of canaryHits(file.text)) ctx.report({ messageId: 'found', data: { detail: `line says ${hit.raw}` }, evidence: [{ path: file.path, line: hit.line }], key: String(hit.line) });
    },
  }),
  { kinds: ['text'], priority: 'P2', category: 'reliability' },
);
// A rule whose crash message quotes a secret: diagnostics are redacted as well.
const crashingRule: Rule = fakeRule(
  'test/crash-quoting',
  () => ({
    text(file) {
      const hit = canaryHits(file.text)[0];
      if (hit) throw new Error(`cannot handle ${hit.raw}`);
    },
  }),
  { kinds: ['text'] },
);

describe('no output leaks a secret', () => {
  describe('through the redaction pipeline (test rules that report raw values)', () => {
    let result: AuditResult;
    let outputs: Record<string, string>;
    beforeAll(async () => {
      result = await audit({ root: CANARIES_DIR, rules: [leakyRule, innocentRule, crashingRule], today: '2026-01-01' });
      outputs = renderAll(result);
    });

    it('reports every canary, so the check below is not vacuous', () => {
      const leaky = result.findings.filter((f) => f.ruleId === 'test/leaky-secret');
      expect(leaky.length).toBe(Object.keys(RAW).length);
      expect(result.findings.filter((f) => f.ruleId === 'test/innocent').length).toBe(leaky.length);
      expect(result.diagnostics.filter((d) => d.kind === 'rule-crash').length).toBeGreaterThan(0);
      expect(outputs['json/en']).toContain(redactValue(RAW['github token (.env)']));
    });

    it('masks raw values in every format and language', () => {
      expectNoLeak(outputs);
    });
  });

  describe('with the built-in rules on the canary fixture', () => {
    let result: AuditResult;
    let outputs: Record<string, string>;
    beforeAll(async () => {
      result = await audit({ root: CANARIES_DIR, rules: ALL_RULES, today: '2026-01-01' });
      outputs = renderAll(result);
    });

    it('masks raw values in every format and language', () => {
      expectNoLeak(outputs);
    });

    it('prints no raw value through the CLI either', async () => {
      const cliOutputs: Record<string, string> = {};
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        for (const lang of ['en', 'zh']) {
          const r = await runCli(['secret-canaries', '--format', format, '--lang', lang, '--fail-on', 'none'], { cwd: join(CANARIES_DIR, '..') });
          cliOutputs[`cli ${format}/${lang}`] = r.stdout + r.stderr;
        }
      }
      expectNoLeak(cliOutputs);
    });

    // Re-check when secrets rules change: a canary the rules miss is only "not leaked" by luck.
    it.runIf(ALL_RULES.some((r) => r.meta.id === 'secrets/committed-secret'))('finds every canary with secrets/committed-secret', () => {
      const flagged = result.findings.filter((f) => f.ruleId === 'secrets/committed-secret').map((f) => `${f.evidence[0].path}:${f.evidence[0].line}`);
      for (const where of ['.env:3', '.env:4', '.env:5', 'config/settings.yaml:7', 'config/settings.yaml:9', 'Dockerfile:3', 'Dockerfile:4', 'src/config.ts:4', 'src/config.ts:7', 'src/config.ts:9']) {
        expect(flagged, where).toContain(where);
      }
      expect(result.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
    });
  });
});
