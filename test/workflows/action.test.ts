import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/scan.js';

/** The action's scan step is scripts/action-run.sh; it runs the built CLI (npm test builds first). */
const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'));
const temp = mkdtempSync(join(tmpdir(), 'prodcheck-action-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function runAction(env: Record<string, string>) {
  return spawnSync('bash', [join(REPO_ROOT, 'scripts', 'action-run.sh')], {
    cwd: temp,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ACTION_PATH: REPO_ROOT, ...env },
  });
}

describe('GitHub Action', () => {
  it('declares its inputs and runs the scan script', () => {
    const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8'));
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['path', 'fail-on', 'format', 'output', 'lang', 'config', 'baseline', 'changed-since']),
    );
    expect(action.runs.using).toBe('composite');
    const scan = action.runs.steps.find((s: { id?: string }) => s.id === 'scan');
    expect(scan.run).toContain('scripts/action-run.sh');
  });

  it.runIf(built)('writes the report, the job summary and the outputs, and reports the exit code', () => {
    const fixture = join(REPO_ROOT, 'fixtures/docker/unpinned-base/bad-untagged-and-latest');
    const summary = join(temp, 'summary.md');
    const outputs = join(temp, 'outputs.txt');
    const result = runAction({
      INPUT_PATH: fixture,
      INPUT_FAIL_ON: 'P2',
      INPUT_OUTPUT: join(temp, 'report.sarif'),
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputs,
    });
    expect(result.status).toBe(0);
    expect(readFileSync(outputs, 'utf8')).toContain('exit-code=1');
    expect(JSON.parse(readFileSync(join(temp, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(summary, 'utf8')).toMatch(/^# .*Production Readiness Audit/m);
    expect(result.stdout).toMatch(/^::warning file=Dockerfile,line=1/m);

    const clean = runAction({ INPUT_PATH: fixture, INPUT_FAIL_ON: 'P0', INPUT_OUTPUT: join(temp, 'r2.sarif'), GITHUB_OUTPUT: outputs, INPUT_ANNOTATE: 'false' });
    expect(clean.status).toBe(0);
    expect(readFileSync(outputs, 'utf8').trim().split('\n')).toContain('exit-code=0');
  });

  it('is listed as a pre-commit hook', () => {
    const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks[0]).toMatchObject({ id: 'prodcheck', entry: 'prodcheck', language: 'node' });
  });
});

