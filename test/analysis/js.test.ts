import { describe, expect, it } from 'vitest';
import { parseJs } from '../../src/parsers/js.js';
import { RouteGraph } from '../../src/analysis/route-graph.js';
import { calleeName, collectImports, envRead, extractJsRoutes, moduleConstants, staticString, walk } from '../../src/analysis/js/index.js';
import type { Node } from '@babel/types';

function ast(source: string, path = 'a.ts') {
  const parsed = parseJs(source, path);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.ast;
}

function calls(source: string): (string | undefined)[] {
  const tree = ast(source);
  const imports = collectImports(tree);
  const out: (string | undefined)[] = [];
  walk(tree, (n) => {
    if (n.type === 'CallExpression' && calleeName(n, imports) !== 'require') out.push(calleeName(n, imports));
  });
  return out;
}

describe('js imports and names', () => {
  it('resolves ES, namespace and CommonJS bindings', () => {
    expect(
      calls(
        "import * as cp from 'node:child_process';\nconst { exec: run } = require('child_process');\nimport axios from 'axios';\nimport { readFileSync as rf } from 'fs';\ncp.exec(x);\nrun(y);\naxios.get(u);\nrf(p);\nlocal();\n",
      ),
    ).toEqual(['child_process.exec', 'child_process.exec', 'axios.get', 'fs.readFileSync', 'local']);
  });

  it('binds the result of a required factory to its module', () => {
    const tree = ast("const logger = require('pino')({ level: 'info' });\nlogger.info('x');\n");
    expect(collectImports(tree).get('logger')?.source).toBe('pino');
  });

  it('evaluates constants, templates and concatenation, and env fallbacks', () => {
    const tree = ast("const BASE = '/api';\nconst URL = `${BASE}/v1` + '/chat';\nconst secret = process.env.JWT_SECRET ?? 'dev';\n");
    const constants = moduleConstants(tree);
    expect(staticString(constants.get('URL'), constants)).toBe('/api/v1/chat');
    const read = envRead(constants.get('secret'));
    expect(read?.name).toBe('JWT_SECRET');
    expect(staticString(read?.fallback as Node)).toBe('dev');
  });
});

describe('js routes', () => {
  const files: Record<string, string> = {
    'src/routes/chat.ts':
      "import { Router } from 'express';\nconst router = Router();\nrouter.get('/stream', auth, async (req, res) => { res.end(); });\nexport default router;\n",
    'src/app.ts':
      "import express from 'express';\nimport chat from './routes/chat';\nconst app = express();\napp.use('/api/chat', chat);\napp.get('/health', (req, res) => res.send('ok'));\n",
  };
  const has = (p: string) => p in files;

  it('follows express routers mounted from another module', () => {
    const facts = Object.entries(files).map(([path, source]) => {
      const tree = ast(source, path);
      return extractJsRoutes(tree, collectImports(tree), path, has);
    });
    const graph = new RouteGraph({
      routers: facts.flatMap((f) => f.routers.map((r) => ({ key: r.key, prefix: r.prefix }))),
      mounts: facts.flatMap((f) => f.mounts),
    });
    const routes = facts.flatMap((f) => f.routes).map((r) => ({ methods: r.methods, full: graph.fullPaths(r.owner, r.path), guards: r.guards, line: r.line }));
    expect(routes).toEqual([
      { methods: ['GET'], full: ['/api/chat/stream'], guards: ['auth'], line: 3 },
      { methods: ['GET'], full: ['/health'], guards: [], line: 5 },
    ]);
  });

  it('reads NestJS controllers with a global prefix, Koa routers and Next.js route handlers', () => {
    const nest = ast(
      "import { Controller, Sse, Post, UseGuards } from '@nestjs/common';\n@Controller('chat')\n@UseGuards(JwtGuard)\nexport class ChatController {\n  @Sse('events')\n  events() {}\n  @Post()\n  send() {}\n}\n",
      'src/chat.controller.ts',
    );
    const main = ast("const app = await NestFactory.create(AppModule);\napp.setGlobalPrefix('api');\n", 'src/main.ts');
    const a = extractJsRoutes(nest, collectImports(nest), 'src/chat.controller.ts', () => false);
    const b = extractJsRoutes(main, collectImports(main), 'src/main.ts', () => false);
    const graph = new RouteGraph({ routers: a.routers.map((r) => ({ key: r.key, prefix: r.prefix })), mounts: [...a.mounts, ...b.mounts] });
    expect(a.routes.map((r) => [r.methods[0], graph.fullPaths(r.owner, r.path)[0], r.guards])).toEqual([
      ['GET', '/api/chat/events', ['JwtGuard']],
      ['POST', '/api/chat', ['JwtGuard']],
    ]);

    const koa = ast("const Router = require('@koa/router');\nconst router = new Router({ prefix: '/v1' });\nrouter.post('/login', ctx => {});\n", 'server.js');
    expect(extractJsRoutes(koa, collectImports(koa), 'server.js', () => false).routes[0]).toMatchObject({ framework: 'koa', path: '/login', methods: ['POST'] });

    const next = ast('export async function POST(req: Request) { return new Response(null); }\n', 'app/api/chat/[id]/route.ts');
    expect(extractJsRoutes(next, collectImports(next), 'app/api/chat/[id]/route.ts', () => false).routes[0]).toMatchObject({ framework: 'next', path: '/api/chat/:id', methods: ['POST'] });
  });
});
