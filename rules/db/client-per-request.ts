import { defineRule } from '../../src/engine/rule.js';
import type { EvidenceInput, ReportDescriptor } from '../../src/engine/types.js';
import { jsClientFacts, pyClientFacts, type ClientConstruction, type ClientFacts, type HelperSummary } from '../../src/analysis/state/db-clients.js';
import { ServerScope } from '../../src/analysis/server-scope.js';
import { pyModuleResolver } from '../../src/analysis/py-module-resolver.js';
import { moduleNameOf } from '../../src/analysis/python/index.js';

/** How many modules deep a request path is followed into helpers. */
const MAX_HOPS = 3;

export default defineRule({
  meta: {
    id: 'db/client-per-request',
    priority: 'P2',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      direct: {
        en: '`{{client}}(…)` is constructed inside `{{fn}}()`, which runs on every request: each call opens new connections instead of reusing a shared pool.',
        zh: '`{{client}}(…)` 在每次请求都会执行的 `{{fn}}()` 中创建：每次调用都新建连接，而不是复用共享连接池。',
      },
      viaHelper: {
        en: '`{{client}}(…)` is constructed inside `{{fn}}()`, which a request handler calls ({{caller}}): every request opens new connections instead of reusing a shared pool.',
        zh: '`{{client}}(…)` 在 `{{fn}}()` 中创建，而请求处理函数会调用它（{{caller}}）：每个请求都新建连接，而不是复用共享连接池。',
      },
    },
    docs: {
      en: {
        title: 'Database/Redis client created per request',
        why: 'Clients such as `redis.Redis`, `psycopg2.connect`, `create_engine`, `MongoClient`, `new Pool()` or `new PrismaClient()` own connection pools; building one inside a request handler opens fresh connections (and TLS handshakes) on every call.',
        risk: 'Latency grows, the database runs out of connections under load (`too many connections`), and un-closed clients leak sockets and memory.',
        fix: 'Create the client once at start-up (module level, lifespan/startup hook, Nest provider) and share it; in FastAPI use a dependency that hands out a connection from a pool.',
      },
      zh: {
        title: '每个请求新建数据库/Redis 客户端',
        why: '`redis.Redis`、`psycopg2.connect`、`create_engine`、`MongoClient`、`new Pool()`、`new PrismaClient()` 等客户端自带连接池；在请求处理函数中创建会在每次调用时重新建立连接（含 TLS 握手）。',
        risk: '延迟升高，高并发下数据库连接被耗尽（`too many connections`），未关闭的客户端会泄漏套接字与内存。',
        fix: '在启动时创建一次客户端（模块级、lifespan/startup 钩子、Nest provider）并共享；FastAPI 中通过依赖从连接池获取连接。',
      },
    },
    examples: {
      bad: '@app.get("/items/{key}")\nasync def get_item(key: str):\n    r = redis.Redis(host="redis")\n    return r.get(key)',
      good: 'pool = redis.ConnectionPool.from_url(REDIS_URL)\n\n@app.get("/items/{key}")\nasync def get_item(key: str):\n    return redis.Redis(connection_pool=pool).get(key)',
    },
    refs: ['https://redis-py.readthedocs.io/en/stable/connections.html#connection-pools', 'https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const files: { path: string; language: 'python' | 'js'; facts: ClientFacts }[] = [];
    const report = (messageId: string, c: ClientConstruction, evidence: EvidenceInput[], caller?: string) => {
      const descriptor: ReportDescriptor = { messageId, data: { client: c.client, fn: c.fn, ...(caller ? { caller } : {}) }, evidence };
      if (c.localFile) {
        descriptor.priority = 'P3';
        descriptor.reason = 'SQLite opens a local file: a new connection per request is cheap, though still wasteful.';
      }
      ctx.report(descriptor);
    };
    return {
      python(file) {
        scope.python(file);
        files.push({ path: file.path, language: 'python', facts: pyClientFacts(file) });
      },
      js(file) {
        scope.js(file);
        files.push({ path: file.path, language: 'js', facts: jsClientFacts(file, ctx.inventory) });
      },
      done() {
        // Every report names a construction: with none in any module there is nothing to follow.
        if (!files.some((f) => f.facts.inRequest.length || [...f.facts.helpers.values()].some((h) => h.constructions.length))) return;
        const helpers = new Map<string, { path: string; summary: HelperSummary }>();
        const pyIndex = new Map<string, string>();
        for (const f of files) if (f.language === 'python') pyIndex.set(moduleNameOf(f.path), f.path);
        const resolvePyModule = pyModuleResolver(pyIndex);
        for (const f of files) for (const [name, summary] of f.facts.helpers) helpers.set(`${f.path}#${name}`, { path: f.path, summary });
        const keyOf = (language: 'python' | 'js', target: string): string => {
          if (language === 'js') return target;
          const dot = target.lastIndexOf('.');
          const path = dot > 0 ? resolvePyModule(target.slice(0, dot)) : undefined;
          return path ? `${path}#${target.slice(dot + 1)}` : '';
        };
        /** Client constructions a call reaches, following helpers into further modules (a few hops). */
        const reach = (language: 'python' | 'js', target: string): { path: string; c: ClientConstruction }[] => {
          const out: { path: string; c: ClientConstruction }[] = [];
          const seen = new Set<string>();
          const queue: [string, number][] = [[keyOf(language, target), 0]];
          while (queue.length) {
            const [key, hops] = queue.shift()!;
            const helper = helpers.get(key);
            if (!helper || seen.has(key)) continue;
            seen.add(key);
            for (const c of helper.summary.constructions) out.push({ path: helper.path, c });
            if (hops < MAX_HOPS) for (const next of helper.summary.calls) queue.push([keyOf(language, next), hops + 1]);
          }
          return out;
        };
        const reported = new Set<string>();
        const once = (path: string, c: ClientConstruction) => {
          const key = `${path}:${c.line}:${c.column}`;
          if (reported.has(key)) return false;
          reported.add(key);
          return true;
        };
        // A file with no construction and no call on its request paths reports nothing: its scope is not asked.
        const server = files.filter((f) => (f.facts.inRequest.length || f.facts.calls.length) && scope.isServerCode(f.path));
        for (const f of server) for (const c of f.facts.inRequest) if (once(f.path, c)) report('direct', c, [{ path: f.path, line: c.line, column: c.column }]);
        for (const f of server) {
          for (const call of f.facts.calls) {
            for (const { path, c } of reach(f.language, call.target)) {
              if (once(path, c)) report('viaHelper', c, [{ path, line: c.line, column: c.column }, { path: f.path, line: call.line }], `${f.path}:${call.line}`);
            }
          }
        }
      },
    };
  },
});
