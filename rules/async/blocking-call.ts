import { defineRule } from '../../src/engine/rule.js';
import { forEachJsCall } from '../../src/analysis/taint/js-calls.js';
import { absoluteModule, columnOf, dottedName, enclosingClass, enclosingFunction, isAsyncFunction, lineOf, moduleNameOf, qualify } from '../../src/analysis/python/index.js';
import { pyModuleResolver } from '../../src/analysis/py-module-resolver.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import type { PyNode } from '../../src/parsers/python.js';
import type { MessageValue, Priority } from '../../src/engine/types.js';
import { translated } from '../../src/engine/message-words.js';
import { isTestPath } from '../../src/io/paths.js';

/** Blocking Python calls and what they block on. */
const NETWORK = translated('network I/O', '网络 I/O');
const PY_BLOCKING: [RegExp, MessageValue, Priority?][] = [
  [/^requests\.(?:get|post|put|patch|delete|head|options|request)$/, NETWORK],
  [/^smtplib\.SMTP(?:_SSL)?$/, translated('an SMTP connection', 'SMTP 连接')],
  [/^time\.sleep$/, translated('a sleep', '休眠')],
  [/^urllib\.request\.urlopen$/, NETWORK],
  [/^(?:psycopg2|pymysql|sqlite3|MySQLdb|mysql\.connector|pymssql|cx_Oracle|oracledb)\.connect$/, translated('a synchronous database connection', '同步数据库连接')],
  [/^shutil\.copyfileobj$/, translated('file I/O', '文件 I/O')],
  [/^subprocess\.(?:run|call|check_call|check_output)$/, translated('a child process', '子进程'), 'P3'],
];
/** The first segment of every PY_BLOCKING name: one of them is spelled wherever a call can qualify to it. */
const BLOCKING_MODULES = /requests|smtplib|time|urllib|psycopg2|pymysql|sqlite3|MySQLdb|mysql|pymssql|cx_Oracle|oracledb|shutil|subprocess/;
/** The last segment of every PY_BLOCKING name: qualify() keeps a dotted call's last segment. */
const BLOCKING_LAST = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'SMTP', 'SMTP_SSL', 'sleep', 'urlopen', 'connect', 'copyfileobj', 'run', 'call', 'check_call', 'check_output']);
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
      viaHelper: {
        en: 'Inside `async def {{fn}}`, `{{call}}` blocks the event loop: that synchronous helper calls `{{blocking}}` ({{what}}, {{where}}). Every other request on this worker waits until it returns.',
        zh: '`async def {{fn}}` 中的 `{{call}}` 会阻塞事件循环：这个同步辅助函数内部调用了 `{{blocking}}`（{{what}}，{{where}}）。该 worker 上的其他请求都要等它返回。',
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
    /** Synchronous module functions that block, by `path#name`. */
    const blockingHelpers = new Map<string, BlockingCall & { path: string }>();
    /** Calls from `async def` bodies to plain functions, judged once every module is seen. */
    const helperCalls: HelperCall[] = [];
    /** Python paths in visit order; their module index is built in done() only when a helper call needs it. */
    const pyPaths: string[] = [];
    return {
      python(file) {
        pyPaths.push(file.path);
        const text = file.text;
        // An `async def` spells `async`; tests are never reported from, only read for helpers.
        const reportable = text.includes('async') && !isTestPath(file.path);
        // A blocking call's qualified name starts with a module spelled in the file (call or import);
        // a module read anyway (reportable) needs no scan of its text: each callee is checked.
        const mayBlock = reportable || BLOCKING_MODULES.test(text);
        if (!reportable && !mayBlock) return;
        const imports = pyImportsOf(file);
        const defs: PyNode[] = [];
        const calls: PyNode[] = [];
        file.model.root.walk((n) => {
          const type = n.type;
          if (type === 'call') calls.push(n);
          else if (type === 'function_definition') defs.push(n);
        });
        const local = new Set<string>();
        for (const n of defs) {
          if (!enclosingFunction(n) && !enclosingClass(n) && !isAsyncFunction(n)) local.add(n.childForFieldName('name')?.text ?? '');
        }
        for (const n of calls) {
          const callee = n.childForFieldName('function');
          let written: string | undefined;
          let name: string | undefined;
          let hit: (typeof PY_BLOCKING)[number] | undefined;
          if (mayBlock && mayNameBlocking(callee, imports)) {
            written = dottedName(callee);
            name = qualify(written, imports);
            hit = PY_BLOCKING.find(([re]) => re.test(name ?? ''));
          }
          const owner = hit ? ownerFunction(n) : undefined;
          if (hit && owner && !isAsyncFunction(owner) && !enclosingFunction(owner) && !enclosingClass(owner) && local.has(owner.childForFieldName('name')?.text ?? '')) {
            const helperKey = `${file.path}#${owner.childForFieldName('name')?.text}`;
            if (!blockingHelpers.has(helperKey)) blockingHelpers.set(helperKey, { path: file.path, line: lineOf(n), column: columnOf(n), written: written ?? name ?? '', what: hit[1], priority: hit[2] });
          }
          if (!reportable) continue;
          const fn = asyncOwner(n);
          if (!fn) continue;
          if (hit) {
            const [, what, priority] = hit;
            ctx.report({
              messageId: 'python',
              data: { call: `${written}()`, what, fn: fn.childForFieldName('name')?.text ?? '?' },
              evidence: [{ path: file.path, line: lineOf(n), column: columnOf(n) }],
              ...(priority ? { priority, reason: CHILD_PROCESS } : {}),
            });
            continue;
          }
          // A plain function of this module or an imported one: judged in done().
          if (n.parent?.type === 'await') continue;
          written ??= dottedName(callee);
          if (!written) continue;
          let target: HelperCall['target'] | undefined;
          if (local.has(written)) target = { path: file.path, name: written };
          else if (imports.has(headOf(written))) {
            name ??= qualify(written, imports);
            if (name) target = { module: absoluteModule(name, file.path) };
          }
          if (target) helperCalls.push({ path: file.path, line: lineOf(n), column: columnOf(n), fn: fn.childForFieldName('name')?.text ?? '?', written, target });
        }
      },
      done() {
        // One level deep: the helper's own body blocks (not functions it calls in turn).
        const resolvePyModule = helperCalls.some((c) => 'module' in c.target) ? pyModuleResolver(moduleIndex(pyPaths)) : () => undefined;
        for (const c of helperCalls) {
          let key: string | undefined;
          if ('path' in c.target) key = `${c.target.path}#${c.target.name}`;
          else {
            const dot = c.target.module.lastIndexOf('.');
            const path = dot > 0 ? resolvePyModule(c.target.module.slice(0, dot)) : undefined;
            key = path ? `${path}#${c.target.module.slice(dot + 1)}` : undefined;
          }
          const helper = key ? blockingHelpers.get(key) : undefined;
          if (!helper) continue;
          ctx.report({
            messageId: 'viaHelper',
            data: { call: `${c.written}()`, fn: c.fn, blocking: `${helper.written}()`, what: helper.what, where: `${helper.path}:${helper.line}` },
            evidence: [{ path: c.path, line: c.line, column: c.column }, { path: helper.path, line: helper.line, column: helper.column }],
            ...(helper.priority ? { priority: helper.priority, reason: CHILD_PROCESS } : {}),
          });
        }
      },
      js(file) {
        // Every blocking JS API ends in `Sync`, and its name is spelled in the file (call or import).
        if (isTestPath(file.path) || !file.text.includes('Sync')) return;
        forEachJsCall(file, ctx.inventory, ({ node, name, written, inHandler }) => {
          if (!inHandler || !JS_BLOCKING.test(name)) return;
          ctx.report({ messageId: 'js', data: { call: `${written}()` }, evidence: [{ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 }] });
        });
      },
    };
  },
});

interface BlockingCall {
  line: number;
  column: number;
  written: string;
  what: MessageValue;
  priority?: Priority;
}

interface HelperCall {
  path: string;
  line: number;
  column: number;
  fn: string;
  written: string;
  /** A function of the same module, or an imported one by qualified name. */
  target: { path: string; name: string } | { module: string };
}

const CHILD_PROCESS = 'a short-lived child process; still blocks the loop while it runs';

/**
 * Whether a callee can qualify to a PY_BLOCKING name (all dotted): a bare name only through an
 * import, an attribute chain only when its last segment is one of theirs.
 */
function mayNameBlocking(callee: PyNode | null, imports: ReadonlyMap<string, string>): boolean {
  if (!callee) return false;
  if (callee.type === 'identifier') return imports.has(callee.text);
  if (callee.type !== 'attribute') return false;
  const attribute = callee.childForFieldName('attribute');
  return attribute !== null && BLOCKING_LAST.has(attribute.text);
}

function moduleIndex(paths: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const path of paths) index.set(moduleNameOf(path), path);
  return index;
}

function headOf(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

/** The function a call runs in directly (not inside a lambda). */
function ownerFunction(call: PyNode): PyNode | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'lambda') return undefined;
    if (p.type === 'function_definition') return p;
  }
  return undefined;
}

/** The `async def` a call runs in directly (not inside a lambda or nested plain def handed to a thread). */
function asyncOwner(call: PyNode): PyNode | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'lambda') return undefined;
    if (p.type === 'function_definition') return isAsyncFunction(p) ? p : undefined;
  }
  return undefined;
}
