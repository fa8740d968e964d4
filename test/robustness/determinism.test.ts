import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/scan.js';

/** Same tree, same bytes: only the timestamp and the measured duration may differ. */
function stable(output: string): string {
  return output.replace(/"generatedAt": "[^"]*"/g, '"generatedAt": "T"').replace(/"durationMs": \d+/g, '"durationMs": 0');
}

describe('deterministic output', () => {
  const targets = ['fixtures/docker', 'fixtures/nginx', 'fixtures/compose'];
  for (const target of targets) {
    for (const format of ['json', 'sarif', 'markdown']) {
      it(`${format} of ${target} is byte-identical across runs`, async () => {
        const dir = join(REPO_ROOT, target);
        const env = { SOURCE_DATE_EPOCH: '1767225600' };
        const first = await runCli([dir, '--format', format, '--fail-on', 'none'], REPO_ROOT, env);
        const second = await runCli([dir, '--format', format, '--fail-on', 'none'], REPO_ROOT, env);
        expect(first.code).toBe(0);
        expect(stable(second.stdout)).toBe(stable(first.stdout));
        expect(first.stdout.length).toBeGreaterThan(100);
      });
    }
  }
});

describe('deterministic output across --jobs', () => {
  const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'parsers', 'parse-worker.js'));
  it.runIf(built)('parser threads and the single pass give byte-identical JSON and SARIF', () => {
    // fixtures/ has well over the 100 Python files at which parser threads start.
    const run = (jobs: string, format: string) =>
      execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'prodcheck.js'), 'fixtures', '--format', format, '--fail-on', 'none', '--jobs', jobs], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', NO_COLOR: '1' },
      });
    // The comparison means something only if two threads really ran.
    const timed = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'prodcheck.js'), 'fixtures', '--format', 'json', '--fail-on', 'none', '--jobs', '2', '--timing'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(JSON.parse(timed).stats.timing.threads).toBe(2);
    for (const format of ['json', 'sarif']) {
      const single = stable(run('1', format));
      expect(JSON.parse(single).findings?.length ?? JSON.parse(single).runs[0].results.length).toBeGreaterThan(100);
      expect(stable(run('2', format))).toBe(single);
    }
  });
});
