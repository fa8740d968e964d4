import { describe, expect, it } from 'vitest';
import { pyModuleResolver } from '../../src/analysis/py-module-resolver.js';
import { resolvePyModule } from '../../src/analysis/server-scope.js';

describe('pyModuleResolver', () => {
  it('answers exactly like resolvePyModule', () => {
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
