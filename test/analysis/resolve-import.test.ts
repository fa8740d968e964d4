import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/engine/inventory.js';
import { resolveImport } from '../../src/analysis/js/resolve-import.js';

function inventory(files: Record<string, string>): Inventory {
  return new Inventory(Object.keys(files).map((path) => ({ path, size: files[path].length })), [], [], [], new Map(Object.entries(files)));
}

describe('resolveImport', () => {
  const inv = inventory({
    'web/tsconfig.json': '{ // comment\n "compilerOptions": { "paths": { "@/*": ["./src/*"], "#db": ["./src/db/index.ts"] }, }, }',
    'web/src/lib/cache.ts': '',
    'web/src/db/index.ts': '',
    'web/src/app/api/chat/route.ts': '',
    'api/tsconfig.json': '{ "compilerOptions": { "baseUrl": "src" } }',
    'api/src/services/users.ts': '',
    'api/src/main.ts': '',
  });

  it('follows relative specifiers and tsconfig paths of the nearest config', () => {
    expect(resolveImport('web/src/app/api/chat/route.ts', '../../../lib/cache', inv)).toBe('web/src/lib/cache.ts');
    expect(resolveImport('web/src/app/api/chat/route.ts', '@/lib/cache', inv)).toBe('web/src/lib/cache.ts');
    expect(resolveImport('web/src/app/api/chat/route.ts', '#db', inv)).toBe('web/src/db/index.ts');
  });

  it('resolves bare specifiers under baseUrl and leaves packages alone', () => {
    expect(resolveImport('api/src/main.ts', 'services/users', inv)).toBe('api/src/services/users.ts');
    expect(resolveImport('api/src/main.ts', 'express', inv)).toBeUndefined();
    expect(resolveImport('web/src/lib/cache.ts', '@/lib/missing', inv)).toBeUndefined();
  });
});
