import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodePython } from '../../src/parsers/python.js';
import { REPO_ROOT } from '../helpers/scan.js';

// Worker threads run compiled code only, so this drives the build in dist/.
const BUILT = join(REPO_ROOT, 'dist', 'src', 'parsers', 'python-pool.js');
const SOURCE = 'import os\n\n@app.get("/x")\ndef f(q: str = None):\n    return os.environ.get(q, "y")\n\ndef broken(:\n';

async function startPool(size: number) {
  const { PythonParsePool } = (await import(pathToFileURL(BUILT).href)) as typeof import('../../src/parsers/python-pool.js');
  const pool = PythonParsePool.start(size);
  if (!pool) throw new Error('the compiled parser worker is missing');
  return pool;
}

describe.runIf(existsSync(BUILT))('the Python parser threads', () => {
  it('hand back the same flat tree this thread would build', async () => {
    const pool = await startPool(2);
    try {
      const [a, b] = await Promise.all([pool.encode(SOURCE), pool.encode('x = 1\n')]);
      expect(a).toEqual(await encodePython(SOURCE));
      expect(b).toEqual(await encodePython('x = 1\n'));
    } finally {
      await pool.close();
    }
  });

  it('fall back to this thread when a worker dies, losing no file', async () => {
    const pool = await startPool(1);
    const pending = pool.encode(SOURCE);
    // Kill the worker under the pending request, as a crash in wasm would.
    (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
    expect(await pending).toEqual(await encodePython(SOURCE));
    expect(await pool.encode('y = 2\n')).toEqual(await encodePython('y = 2\n'));
    await pool.close();
  });
});
