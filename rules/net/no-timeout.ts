import { defineRule } from '../../src/engine/rule.js';
import { jsConstantsOf, jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { walk as jsWalk } from '../../src/analysis/js/ast.js';
import { calleeName, memberPath } from '../../src/analysis/js/names.js';
import { objectProperty, staticValue } from '../../src/analysis/js/values.js';
import { callInfo, columnOf, dottedName, lineOf, literalValue, walk } from '../../src/analysis/python/index.js';
import { ServerScope } from '../../src/analysis/server-scope.js';
import type { Priority, ReportDescriptor } from '../../src/engine/types.js';
import { jsMayEscapeLetters } from '../../src/analysis/taint/mentions.js';
import { isTestPath } from '../../src/io/paths.js';
import { isClientCode, isScriptPath } from './_scope.js';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

/** Sound: requests/urllib/httpx names resolve only through an import or a dotted name that spells these tokens. */
const mentionsPyHttpClient = (text: string) => /\b(?:requests|urlopen|httpx)\b/.test(text);
/** Sound: fetch and axios calls spell these words (call or import) unless an escape could spell them. */
const mentionsJsHttpClient = (text: string) => /fetch|axios/.test(text) || jsMayEscapeLetters(text);

export default defineRule({
  meta: {
    id: 'net/no-timeout',
    priority: 'P2',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      missing: {
        en: '`{{call}}` has no timeout: if the remote side stalls, this request (and the worker serving it) waits forever.',
        zh: '`{{call}}` 未设置超时：对端一旦卡住，该请求（以及处理它的 worker）会无限等待。',
      },
      none: {
        en: '`{{call}}` disables the client\'s timeout (`timeout=None`).',
        zh: '`{{call}}` 显式关闭了客户端超时（`timeout=None`）。',
      },
    },
    docs: {
      en: {
        title: 'Outbound HTTP call without a timeout',
        why: '`requests`, `urllib`, `fetch` and axios wait without limit by default; a slow or dead upstream (an LLM API, a webhook) then ties up threads, sockets and event-loop work.',
        risk: 'Requests pile up behind a stalled dependency until the service stops answering (thread/connection exhaustion, cascading outage).',
        fix: 'Always pass a timeout: `requests.get(url, timeout=(3, 30))`, `urlopen(url, timeout=10)`, `fetch(url, { signal: AbortSignal.timeout(10_000) })`, `axios.create({ timeout: 10_000 })`; add retries with backoff where safe.',
      },
      zh: {
        title: '外部 HTTP 调用未设置超时',
        why: '`requests`、`urllib`、`fetch` 和 axios 默认无限等待；上游（LLM API、Webhook）变慢或宕机时会占住线程、连接和事件循环。',
        risk: '请求在卡住的依赖后不断堆积，直至服务无响应（线程/连接耗尽、级联故障）。',
        fix: '始终设置超时：`requests.get(url, timeout=(3, 30))`、`urlopen(url, timeout=10)`、`fetch(url, { signal: AbortSignal.timeout(10_000) })`、`axios.create({ timeout: 10_000 })`；在安全的前提下加带退避的重试。',
      },
    },
    examples: { bad: 'requests.post(WEBHOOK, json=payload)\nawait fetch(url)', good: 'requests.post(WEBHOOK, json=payload, timeout=10)\nawait fetch(url, { signal: AbortSignal.timeout(10_000) })' },
    refs: ['https://requests.readthedocs.io/en/latest/user/advanced/#timeouts', 'https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static'],
  },
  create(ctx) {
    const lower = (path: string): { priority?: Priority; reason?: string } =>
      isScriptPath(path) ? { priority: 'P3', reason: 'a maintenance script, not the running service' } : {};
    // JS runs in browsers too: a JS finding stands only if the shared scope calls the module server code.
    const scope = new ServerScope(ctx.inventory);
    const jsFindings: ReportDescriptor[] = [];
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsPyHttpClient(file.text)) return;
        const imports = pyImportsOf(file);
        // Names bound to `requests.Session()` (locals, module globals, `self.session`).
        const sessions = new Set<string>();
        walk(file.model.root, (n) => {
          if (n.type === 'assignment' && n.childForFieldName('right')?.type === 'call') {
            const name = callInfo(n.childForFieldName('right')!, imports).name;
            const left = dottedName(n.childForFieldName('left'));
            if (left && (name === 'requests.Session' || name === 'requests.session' || name === 'requests.sessions.Session')) sessions.add(left);
          }
          return undefined;
        });
        walk(file.model.root, (n) => {
          if (n.type !== 'call') return undefined;
          const call = callInfo(n, imports);
          const name = call.name ?? '';
          const written = call.written ?? '';
          const verb = written.slice(written.lastIndexOf('.') + 1);
          const timeout = call.kwargs.get('timeout');
          const at = [{ path: file.path, line: lineOf(n), column: columnOf(n) }];
          if (call.hasSplat) return undefined;
          const isRequests = (name.startsWith('requests.') && VERBS.has(verb) && name.split('.').length === 2) || (sessions.has(written.slice(0, written.lastIndexOf('.'))) && VERBS.has(verb));
          const isUrlopen = name === 'urllib.request.urlopen' || name === 'urllib2.urlopen';
          if ((isRequests && !timeout) || (isUrlopen && !timeout && call.args.length < 3)) {
            ctx.report({ messageId: 'missing', data: { call: `${written}()` }, evidence: at, ...lower(file.path) });
          } else if (name.startsWith('httpx.') && timeout && literalValue(timeout) === null) {
            ctx.report({ messageId: 'none', data: { call: `${written}()` }, evidence: at, ...lower(file.path) });
          }
          return undefined;
        });
      },
      js(file) {
        scope.js(file);
        if (isTestPath(file.path) || !mentionsJsHttpClient(file.text) || isClientCode(file)) return;
        const imports = jsImportsOf(file);
        const constants = jsConstantsOf(file);
        let axiosDefaults = false;
        jsWalk(file.model.ast, (n) => {
          if (n.type === 'AssignmentExpression' && /(?:^|\.)defaults\.timeout$/.test(memberPath(n.left) ?? '')) axiosDefaults = true;
          return undefined;
        });
        const hasKey = (options: import('@babel/types').Node | undefined, key: string): boolean | undefined => {
          if (!options) return false;
          if (options.type !== 'ObjectExpression') return undefined; // built elsewhere: cannot tell
          if (options.properties.some((p) => p.type === 'SpreadElement')) return undefined;
          const v = objectProperty(options, key);
          return !!v && staticValue(v, constants) !== undefined;
        };
        jsWalk(file.model.ast, (n, ancestors) => {
          if (n.type !== 'CallExpression') return undefined;
          const name = calleeName(n, imports) ?? '';
          const args = n.arguments as import('@babel/types').Node[];
          const at = [{ path: file.path, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 }];
          let missing: boolean | undefined;
          if (name === 'fetch' || name === 'node-fetch' || name === 'undici.fetch' || name === 'globalThis.fetch') {
            missing = hasKey(args[1], 'signal') === false;
          } else if (name === 'axios.create') {
            missing = hasKey(args[0], 'timeout') === false && !everyRequestSetsTimeout(file.model.ast, n, ancestors, hasKey);
          } else if (!axiosDefaults && (name === 'axios' || /^axios\.(?:get|delete|head|options|request)$/.test(name))) {
            missing = hasKey(name === 'axios' || name === 'axios.request' ? args[0] : args[1], 'timeout') === false;
          } else if (!axiosDefaults && /^axios\.(?:post|put|patch)$/.test(name)) {
            missing = hasKey(args[2], 'timeout') === false;
          }
          if (missing) jsFindings.push({ messageId: 'missing', data: { call: `${memberPath(n.callee) ?? name}()` }, evidence: at, ...lower(file.path) });
          return undefined;
        });
      },
      done() {
        for (const f of jsFindings) if (scope.isServerCode(f.evidence[0].path)) ctx.report(f);
      },
    };
  },
});

type JsNode = import('@babel/types').Node;

/**
 * `const http = axios.create({ baseURL })` used in this module only as `http.get(url, { timeout })`:
 * every request bounds itself, so the instance's missing default is no hang. An exported instance,
 * or one used any other way, may send requests we cannot see.
 */
function everyRequestSetsTimeout(
  ast: JsNode,
  create: JsNode,
  ancestors: readonly JsNode[],
  hasKey: (options: JsNode | undefined, key: string) => boolean | undefined,
): boolean {
  const declarator = ancestors[ancestors.length - 1];
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== create || declarator.id.type !== 'Identifier') return false;
  if (ancestors.some((a) => a.type === 'ExportNamedDeclaration' || a.type === 'ExportDefaultDeclaration')) return false;
  const instance = declarator.id;
  let requests = 0;
  let unbounded = false;
  jsWalk(ast, (n, path) => {
    if (unbounded) return false;
    if (n.type !== 'Identifier' || n.name !== instance.name || n === instance) return undefined;
    const member = path[path.length - 1];
    const call = path[path.length - 2];
    const verb = member?.type === 'MemberExpression' && member.object === n && !member.computed && member.property.type === 'Identifier' ? member.property.name : undefined;
    if (!verb || !VERBS.has(verb) || call?.type !== 'CallExpression' || call.callee !== member) {
      unbounded = true;
      return false;
    }
    const args = call.arguments as JsNode[];
    const config = verb === 'request' ? args[0] : verb === 'post' || verb === 'put' || verb === 'patch' ? args[2] : args[1];
    if (hasKey(config, 'timeout') === true) requests++;
    else unbounded = true;
    return undefined;
  });
  return !unbounded && requests > 0;
}
