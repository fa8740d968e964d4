import { describe, expect, it } from 'vitest';
import { parseJs } from '../../src/parsers/js.js';
import { RouteGraph } from '../../src/analysis/route-graph.js';
import { calleeName, collectImports, extractJsRoutes, walk } from '../../src/analysis/js/index.js';
import { frameworkName } from '../../src/analysis/framework-names.js';
import type { Node } from '@babel/types';

function ast(source: string, path = 'a.ts') {
  const parsed = parseJs(source, path);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.ast;
}

function facts(source: string, path: string, files: string[] = []) {
  const tree = ast(source, path);
  return extractJsRoutes(tree, collectImports(tree), path, (p) => files.includes(p), files);
}

describe('Fastify plugins', () => {
  it('takes routes of an exported plugin function and mounts autoload folders with their names as prefixes', () => {
    const files = ['src/app.js', 'src/routes/health/index.js', 'src/routes/v1/orders/index.js', 'src/routes/root.js', 'src/routes/v1/orders/orders.test.js'];
    const app = facts(
      "import AutoLoad from '@fastify/autoload';\nimport { join } from 'node:path';\nexport default async function app(fastify, opts) {\n  await fastify.register(AutoLoad, { dir: join(__dirname, 'routes'), options: { prefix: '/api' } });\n}\n",
      'src/app.js',
      files,
    );
    const health = facts("export default async function (fastify, opts) {\n  fastify.get('/', async () => ({ ok: true }));\n}\n", 'src/routes/health/index.js', files);
    const orders = facts("module.exports = async function (fastify, opts) {\n  fastify.post('/', async () => ({}));\n}\n", 'src/routes/v1/orders/index.js', files);
    expect(health.routes[0]).toMatchObject({ framework: 'fastify', owner: 'src/routes/health/index.js#default', methods: ['GET'] });
    const graph = new RouteGraph({ routers: [...app.routers, ...health.routers, ...orders.routers], mounts: [...app.mounts, ...health.mounts, ...orders.mounts] });
    expect(graph.fullPaths(health.routes[0].owner, '/')).toEqual(['/api/health']);
    expect(graph.fullPaths(orders.routes[0].owner, '/')).toEqual(['/api/v1/orders']);
    expect(app.mounts.map((m) => m.child)).not.toContain('src/routes/v1/orders/orders.test.js#default');
    expect(app.mounts.find((m) => m.child === 'src/routes/root.js#default')?.prefix).toBe('/api');
  });

  it('mounts an inline register plugin under its prefix, and a rebound name is not the plugin', () => {
    const f = facts(
      "import Fastify from 'fastify';\nconst app = Fastify();\napp.register(async (instance) => {\n  instance.delete('/projects/:id', async () => null);\n  [1].forEach((instance) => instance.get('/nope'));\n}, { prefix: '/v1' });\n",
      'src/server.js',
    );
    const graph = new RouteGraph({ routers: f.routers, mounts: f.mounts });
    const del = f.routes.find((r) => r.methods[0] === 'DELETE')!;
    expect(graph.fullPaths(del.owner, del.path)).toEqual(['/v1/projects/:id']);
  });

  it('ignores functions whose first parameter is not an app', () => {
    const f = facts("export default function (items) {\n  items.get('/x');\n}\n", 'src/util.js');
    expect(f.routes).toEqual([]);
  });
});

describe('promisified functions', () => {
  it('resolves promisify(exec) and util.promisify(cp.exec) to what they wrap', () => {
    const tree = ast("import { exec } from 'node:child_process';\nimport * as cp from 'child_process';\nimport util, { promisify } from 'util';\nconst run = promisify(exec);\nconst run2 = util.promisify(cp.exec);\nrun('x'); run2('y');\n");
    const imports = collectImports(tree);
    const out: (string | undefined)[] = [];
    walk(tree, (n: Node) => {
      if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name.startsWith('run')) out.push(calleeName(n, imports));
    });
    expect(out).toEqual(['child_process.exec', 'child_process.exec']);
  });
});

describe('framework names', () => {
  it('names NestJS by its package too', () => {
    expect(frameworkName('@nestjs/common')).toBe('NestJS');
    expect(frameworkName('@koa/router')).toBe('Koa');
  });
});

describe('Next.js middleware matchers', async () => {
  const { compileMatcher, nextMiddlewareCovers } = await import('../../src/analysis/auth/next-middleware.js');
  it('compiles path-to-regexp and regex matchers', () => {
    expect(compileMatcher('/api/admin/:path*')!.test('/api/admin')).toBe(true);
    expect(compileMatcher('/api/admin/:path*')!.test('/api/admin/users/x')).toBe(true);
    expect(compileMatcher('/api/admin/:path*')!.test('/api/posts')).toBe(false);
    const negative = compileMatcher('/((?!api/health|_next/static).*)')!;
    expect(negative.test('/api/admin/users')).toBe(true);
    expect(negative.test('/api/health')).toBe(false);
  });
  it('covers routes of its own project only', () => {
    const m = [{ root: 'apps/web', path: 'apps/web/src/middleware.ts', matchers: [compileMatcher('/api/:path*')!] }];
    expect(nextMiddlewareCovers(m, 'apps/web/src/app/api/x/route.ts', '/api/x/:id')).toBe(true);
    expect(nextMiddlewareCovers(m, 'apps/admin/app/api/x/route.ts', '/api/x')).toBe(false);
  });
});

describe('inline require', () => {
  it('names require(x)(…) calls and mounts require(./x) plugins under their prefix', () => {
    const files = ['server.js', 'routes/admin.js'];
    const server = facts("const fastify = require('fastify')({ logger: true });\nfastify.register(require('./routes/admin'), { prefix: '/admin' });\n", 'server.js', files);
    const admin = facts("async function adminRoutes(fastify) {\n  fastify.delete('/users/:id', async () => null);\n}\nmodule.exports = adminRoutes;\n", 'routes/admin.js', files);
    expect(server.routers[0]).toMatchObject({ framework: 'fastify', kind: 'app' });
    const graph = new RouteGraph({ routers: [...server.routers, ...admin.routers], mounts: [...server.mounts, ...admin.mounts] });
    expect(graph.fullPaths(admin.routes[0].owner, admin.routes[0].path)).toEqual(['/admin/users/:id']);
  });
});
