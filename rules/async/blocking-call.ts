import { defineRule } from '../../src/engine/rule.js';
import { forEachJsCall } from '../../src/analysis/taint/js-calls.js';
import { callInfo, columnOf, isAsyncFunction, lineOf, walk } from '../../src/analysis/python/index.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import type { PyNode } from '../../src/parsers/python.js';
import type { Priority } from '../../src/engine/types.js';
import { isTestPath } from '../../src/io/paths.js';

/** Blocking Python calls and what they block on. */
const PY_BLOCKING: [RegExp, string, Priority?][] = [
  [/^requests\.(?:get|post|put|patch|delete|head|options|request)$/, 'network I/O'],
  [/^smtplib\.SMTP(?:_SSL)?$/, 'an SMTP connection'],
  [/^time\.sleep$/, 'a sleep'],
  [/^urllib\.request\.urlopen$/, 'network I/O'],
  [/^(?:psycopg2|pymysql|sqlite3|MySQLdb|mysql\.connector|pymssql|cx_Oracle|oracledb)\.connect$/, 'a synchronous database connection'],
  [/^shutil\.copyfileobj$/, 'file I/O'],
  [/^subprocess\.(?:run|call|check_call|check_output)$/, 'a child process', 'P3'],
];
const JS_BLOCKING = /^(?:fs\.(?:readFileSync|writeFileSync|appendFileSync|readdirSync|copyFileSync|statSync)|child_process\.(?:execSync|execFileSync|spawnSync)|crypto\.(?:pbkdf2Sync|scryptSync|generateKeyPairSync)|(?:bcrypt|bcryptjs)\.(?:hashSync|compareSync|genSaltSync)|zlib\.\w+Sync)$/;

export default defineRule({
  meta: {
    id: 'async/blocking-call',
    priority: 'P2',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      python: {
        en: '`{{call}}` blocks the event loop ({{what}}) inside `async def {{fn}}`: every other request on this worker waits until it returns.',
        zh: '`{{call}}` 在 `async def {{fn}}` 中阻塞事件循环（{{what}}）：该 worker 上的其他请求都要等它返回。',
      },
      js: {
        en: '`{{call}}` is synchronous and runs inside a request handler: it blocks the Node event loop for every client.',
        zh: '`{{call}}` 是同步调用且位于请求处理函数中：会阻塞 Node 事件循环，影响所有客户端。',
      },
    },
    docs: {
      en: {
        title: 'Blocking call on the event loop',
        why: 'An `async def` handler runs on the event loop; `requests`, `smtplib`, `time.sleep`, synchronous DB drivers and file copies block the whole loop. In Node, `*Sync` calls (fs, child_process, crypto, bcrypt) do the same inside handlers.',
        risk: 'Throughput collapses under load: one slow SMTP server or upstream stalls all concurrent requests, health checks time out and the service is restarted.',
        fix: 'Use async clients (`httpx.AsyncClient`, `aiosmtplib`, `asyncio.sleep`, asyncpg/aiomysql), move blocking work to `await asyncio.to_thread(...)`/`run_in_executor` or a background queue, or declare the handler with plain `def` (FastAPI runs it in a thread pool). In Node use the async/promise APIs.',
      },
      zh: {
        title: '在事件循环中执行阻塞调用',
        why: '`async def` 处理函数运行在事件循环上；`requests`、`smtplib`、`time.sleep`、同步数据库驱动和文件拷贝会阻塞整个循环。Node 中在处理函数里调用 `*Sync`（fs、child_process、crypto、bcrypt）同理。',
        risk: '高负载下吞吐骤降：一个慢的 SMTP 服务器或上游就会卡住所有并发请求，健康检查超时，服务被重启。',
        fix: '改用异步客户端（`httpx.AsyncClient`、`aiosmtplib`、`asyncio.sleep`、asyncpg/aiomysql），或用 `await asyncio.to_thread(...)`/`run_in_executor`、后台队列执行阻塞操作，或把处理函数声明为普通 `def`（FastAPI 会放到线程池执行）。Node 中使用异步/Promise API。',
      },
    },
    examples: { bad: 'async def send(req):\n    with smtplib.SMTP(HOST) as s:\n        s.sendmail(a, b, msg)', good: 'async def send(req):\n    await aiosmtplib.send(msg, hostname=HOST)\n# or: await asyncio.to_thread(send_sync, msg)' },
    refs: ['https://fastapi.tiangolo.com/async/#path-operation-functions', 'https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop'],
  },
  create(ctx) {
    return {
      python(file) {
        if (isTestPath(file.path)) return;
        const imports = pyImportsOf(file);
        walk(file.model.root, (n) => {
          if (n.type !== 'call') return undefined;
          const fn = asyncOwner(n);
          if (!fn) return undefined;
          const call = callInfo(n, imports);
          const hit = PY_BLOCKING.find(([re]) => re.test(call.name ?? ''));
          if (!hit) return undefined;
          const [, what, priority] = hit;
          ctx.report({
            messageId: 'python',
            data: { call: `${call.written}()`, what, fn: fn.childForFieldName('name')?.text ?? '?' },
            evidence: [{ path: file.path, line: lineOf(n), column: columnOf(n) }],
            ...(priority ? { priority, reason: 'a short-lived child process; still blocks the loop while it runs' } : {}),
          });
          return undefined;
        });
      },
      js(file) {
        if (isTestPath(file.path)) return;
        forEachJsCall(file, ctx.inventory, ({ node, name, written, inHandler }) => {
          if (!inHandler || !JS_BLOCKING.test(name)) return;
          ctx.report({ messageId: 'js', data: { call: `${written}()` }, evidence: [{ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 }] });
        });
      },
    };
  },
});

/** The `async def` a call runs in directly (not inside a lambda or nested plain def handed to a thread). */
function asyncOwner(call: PyNode): PyNode | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'lambda') return undefined;
    if (p.type === 'function_definition') return isAsyncFunction(p) ? p : undefined;
  }
  return undefined;
}
