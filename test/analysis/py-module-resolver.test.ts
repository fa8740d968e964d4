import { describe, expect, it } from 'vitest';
import { pyModuleResolver } from '../../src/analysis/py-module-resolver.js';

/** The plain definition, one scan of the index per name: the oracle the indexed resolver must match. */
function resolvePyModule(target: string, index: Map<string, string>): string | undefined {
  const parts = target.split('.');
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const exact = index.get(name);
    if (exact) return exact;
    if (n < 2) continue;
    const found = [...index].filter(([module]) => module.endsWith(`.${name}`));
    if (found.length === 1) return found[0][1];
    if (found.length > 1) return undefined;
  }
  return undefined;
}

describe('pyModuleResolver', () => {
  it('answers exactly like the plain definition', () => {
    const modules = ['app', 'app.main', 'app.db', 'backend.app.db', 'backend.apis.chat', 'apis.users', 'svc.apis.users', 'x.utils', 'y.utils', 'deep.a.b.c'];
    const index = new Map(modules.map((m) => [m, `${m.replace(/\./g, '/')}.py`]));
    const resolve = pyModuleResolver(index);
    const targets = ['app', 'app.db', 'db', 'apis.chat', 'apis.chat.router', 'chat.router', 'apis.users', 'users', 'utils', 'utils.helper', 'b.c', 'a.b.c.d', 'c', 'nothing.here', 'x.utils.f'];
    for (const t of targets) {
      expect(resolve(t), t).toBe(resolvePyModule(t, index));
      expect(resolve(t), `${t} (cached)`).toBe(resolvePyModule(t, index));
    }
  });
});
