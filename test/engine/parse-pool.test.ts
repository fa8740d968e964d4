import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLockfile } from '../../src/parsers/lockfile.js';
import { encodePython } from '../../src/parsers/python.js';
import { runTextScans } from '../../src/analysis/text-scans.js';
import { REPO_ROOT } from '../helpers/scan.js';

// Worker threads run compiled code only, so this drives the build in dist/.
const BUILT = join(REPO_ROOT, 'dist', 'src', 'parsers', 'parse-pool.js');
const LOCK = JSON.stringify({
  lockfileVersion: 3,
  packages: { '': { dependencies: { express: '^4.21.0' } }, 'node_modules/express': { version: '4.21.2' } },
});
// A registry URL with a password in it: what the provider-secret scan exists to notice.
const LEAKY_LOCK = LOCK.replace('"version":"4.21.2"', '"version":"4.21.2","resolved":"https://ci:s3cr3tpassw0rd@npm.example.com/express/-/express-4.21.2.tgz"');
const SOURCE = 'import os\n\n@app.get("/x")\ndef f(q: str = None):\n    return os.environ.get(q, "y")\n\ndef broken(:\n';

async function startPool(size: number) {
  const { ParsePool } = (await import(pathToFileURL(BUILT).href)) as typeof import('../../src/parsers/parse-pool.js');
  const pool = ParsePool.start(size);
  if (!pool) throw new Error('the compiled parser worker is missing');
  return pool;
}

describe.runIf(existsSync(BUILT))('the parser threads', () => {
  it('hand back the same flat tree and lockfile table this thread would build, batch by batch', async () => {
    const pool = await startPool(2);
    try {
      const [a, lock, bad] = await Promise.all(
        pool.parseAll([
          { kind: 'python', path: 'a.py', text: SOURCE },
          { kind: 'lockfile', path: 'package-lock.json', text: LOCK },
          { kind: 'lockfile', path: 'package-lock.json', text: '{"packages": ' },
        ]),
      );
      const [b] = await Promise.all(pool.parseAll([{ kind: 'python', path: 'b.py', text: 'x = 1\n' }]));
      expect(a.parsed).toEqual(await encodePython(SOURCE));
      expect(b.parsed).toEqual(await encodePython('x = 1\n'));
      expect(lock.parsed).toEqual(readLockfile(LOCK, 'package-lock.json'));
      expect(lock.parsed.ok && (lock.parsed.value as { packages: Map<string, string[]> }).packages.get('express')).toEqual(['4.21.2']);
      expect(bad.parsed).toEqual(readLockfile('{"packages": ', 'package-lock.json'));
      expect(bad.parsed.ok).toBe(false);
      // The text scans ran beside each parse, with the answers this thread would give.
      expect([a.scans, lock.scans, bad.scans]).toEqual([runTextScans(SOURCE), runTextScans(LOCK), runTextScans('{"packages": ')]);
      const [leaky] = await Promise.all(pool.parseAll([{ kind: 'lockfile', path: 'package-lock.json', text: LEAKY_LOCK }]));
      expect(leaky.scans).toEqual({ providerSecret: true });
      expect(a.scans).toEqual({ providerSecret: false });
    } finally {
      await pool.close();
    }
  });

  it('fall back to this thread when a worker dies, losing no file', async () => {
    const pool = await startPool(1);
    const [pending] = pool.parseAll([{ kind: 'python', path: 'a.py', text: SOURCE }]);
    // Kill the worker under the pending request, as a crash in wasm would.
    (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
    expect((await pending).parsed).toEqual(await encodePython(SOURCE));
    const [after, lock] = pool.parseAll([
      { kind: 'python', path: 'b.py', text: 'y = 2\n' },
      { kind: 'lockfile', path: 'package-lock.json', text: LOCK },
    ]);
    expect((await after).parsed).toEqual(await encodePython('y = 2\n'));
    expect((await lock).parsed).toEqual(readLockfile(LOCK, 'package-lock.json'));
    await pool.close();
  });
});
