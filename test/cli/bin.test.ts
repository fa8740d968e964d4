import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shouldRespawn } from '../../src/cli/node-flags.js';
import { REPO_ROOT } from '../helpers/scan.js';

const BIN = join(REPO_ROOT, 'bin', 'prodcheck.js');
const BUILT = existsSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'));

function run(args: string[], env: Record<string, string> = {}) {
  const { PRODCHECK_NO_RESPAWN: _, ...rest } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...rest, NO_COLOR: '1', ...env } });
  // Only the run's own clock differs between two runs.
  const stdout = result.stdout.replace(/"durationMs": *\d+/g, '').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
  return { status: result.status, stdout, stderr: result.stderr };
}

describe('when the CLI restarts itself with its V8 options', () => {
  it('restarts only a plain run: not when asked not to, nor when Node options were chosen', () => {
    expect(shouldRespawn([], {})).toBe(true);
    expect(shouldRespawn([], { PRODCHECK_NO_RESPAWN: '1' })).toBe(false);
    expect(shouldRespawn(['--inspect'], {})).toBe(false);
    expect(shouldRespawn([], { NODE_OPTIONS: '--max-semi-space-size=8' })).toBe(false);
    expect(shouldRespawn([], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBe(true);
  });

  it.runIf(BUILT)('reports the same bytes and exit codes as a run in one process', () => {
    const repo = 'fixtures/scenarios/fastapi-support-desk-001';
    for (const args of [[repo, '--format', 'json'], [repo, '--format', 'sarif'], ['fixtures/ci/missing/ok-docs-only', '--format', 'json'], ['no/such/dir']]) {
      const restarted = run(args);
      const here = run(args, { PRODCHECK_NO_RESPAWN: '1' });
      expect(restarted).toEqual(here);
    }
    expect(run([repo]).status).toBe(1);
    expect(run(['fixtures/ci/missing/ok-docs-only']).status).toBe(0);
    expect(run(['no/such/dir']).status).toBe(2);
    // A dozen processes, each a full audit: minutes on a loaded machine, not the default 5 s.
  }, 180_000);
});
