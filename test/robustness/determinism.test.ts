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
