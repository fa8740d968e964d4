import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../../src/engine/audit.js';
import { expectValidSarif } from '../reporters/sarif-schema.js';
import { crashingCreate, crashingDone, crashingVisitor, unknownMessage } from './fake-rules.js';
import { runCli, tempRepo, UNPINNED_DOCKERFILE } from './run-cli.js';

// The CLI only knows the built-in rules; for this file it also knows four that fail in every way a rule can.
vi.mock('../../rules/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../rules/index.js')>();
  const fakes = await import('./fake-rules.js');
  return { ALL_RULES: [...original.ALL_RULES, fakes.crashingVisitor, fakes.crashingDone, fakes.crashingCreate, fakes.unknownMessage] };
});

const repo = tempRepo({ Dockerfile: UNPINNED_DOCKERFILE });
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const CRASHERS = [crashingVisitor, crashingDone, crashingCreate, unknownMessage];

describe('a rule that crashes', () => {
  it('is a diagnostic with its id while the other rules still report (audit)', async () => {
    const result = await audit({ root: repo, rules: [...ALL_RULES.filter((r) => r.meta.id === 'docker/unpinned-base'), ...CRASHERS] });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['docker/unpinned-base', 'docker/unpinned-base']);
    const crashes = result.diagnostics.filter((d) => d.kind === 'rule-crash');
    expect(crashes.map((d) => d.ruleId).sort()).toEqual(['test/crash-create', 'test/crash-done', 'test/crash-visit', 'test/unknown-message']);
    expect(crashes.find((d) => d.ruleId === 'test/crash-visit')).toMatchObject({ path: 'Dockerfile', message: expect.stringContaining('boom in visitor') });
  });

  it('makes the CLI exit 2 after printing the full report, whatever the findings', async () => {
    for (const args of [['--rule', 'docker/unpinned-base', 'test/crash-visit'], ['--rule', 'test/crash-done'], ['--rule', 'test/crash-create', '--fail-on', 'none']]) {
      const r = await runCli(['.', ...args], { cwd: repo });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe('prodcheck: a rule crashed; the scan finished without it (see diagnostics)\n');
      expect(r.stdout).toContain('rule-crash');
    }
    const both = await runCli(['.', '--rule', 'docker/unpinned-base', 'test/crash-visit', '--format', 'json'], { cwd: repo });
    const doc = JSON.parse(both.stdout);
    expect(doc.findings).toHaveLength(2);
    expect(doc.diagnostics).toEqual([expect.objectContaining({ kind: 'rule-crash', ruleId: 'test/crash-visit' })]);
  });

  it('is an error notification and an unsuccessful execution in SARIF, and listed in Markdown', async () => {
    const sarif = await runCli(['.', '--rule', 'test/crash-visit', '--format', 'sarif'], { cwd: repo });
    expectValidSarif(sarif.stdout);
    const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toMatchObject({ level: 'error', associatedRule: { id: 'test/crash-visit' } });
    const md = await runCli(['.', '--rule', 'test/crash-visit', '--format', 'markdown'], { cwd: repo });
    expect(md.stdout).toMatch(/- Rules that failed \(their findings are missing\):\n {2}- `Dockerfile` — rule test\/crash-visit crashed: boom in visitor/);
  });

  it('shows no stack trace', async () => {
    const r = await runCli(['.', '--rule', 'test/crash-visit'], { cwd: repo });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
