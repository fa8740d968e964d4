import { defineRule } from '../../src/engine/rule.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { RouteCollector } from '../../src/analysis/routes.js';
import { emptyState, reachableNames, writesTo, type StoreDef } from '../../src/analysis/auth/state.js';
import { collectPyState } from '../../src/analysis/auth/py-state.js';
import { collectJsState } from '../../src/analysis/auth/js-state.js';
import { handlerCalls, handlerIndex } from '../../src/analysis/auth/handlers.js';
import { isAuthStoreClass, isAuthStoreName, words } from '../../src/analysis/auth/names.js';
import { roleOf } from '../../src/analysis/state/containers.js';
import { isTestPath } from '../../src/io/paths.js';

/** Helpers of a store class that are not its records. */
const NOT_A_STORE = /cache|count|stat|lock|metric|limit|attempt|config|settings|lru|memo|log|client|pool|conn/i;

/**
 * Session, conversation and chat state (`sessions`, `chat_sessions`, `InMemorySessionStore._data`)
 * belongs to state/in-memory-session-store, which names it by the same words; this rule keeps
 * users, accounts, keys, tokens and sessions whose name says whose they are (`user_sessions`).
 */
function ownedByStateRule(store: StoreDef): boolean {
  return roleOf(store.name, store.owner) === 'session';
}

/** Which message fits the store's name. */
/**
 * Every store this rule reports is named (or held by a class named) with one of these words
 * (`isAuthStoreName`, `isAuthStoreClass`), and only writes in the store's own file count.
 */
const STORE_TEXT = /user|account|session|key|token|credential|password|login|member|principal|identit/i;

function kindOf(name: string): 'users' | 'sessions' | 'keys' {
  const w = words(name.replace(/\.(?:_*(?:data|items|store|db|cache))$/i, ''));
  if (w.some((x) => /^sessions?$/.test(x))) return 'sessions';
  if (w.some((x) => /^(?:tokens?|keys|apikeys?)$/.test(x))) return 'keys';
  return 'users';
}

export default defineRule({
  meta: {
    id: 'auth/in-memory-user-store',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      users: {
        en: '`{{name}}` keeps user accounts in process memory and request handlers write to it ({{where}}): a restart loses them and each worker sees its own copy.',
        zh: '`{{name}}` 将用户数据存储在进程内存中，并由请求处理函数写入（{{where}}）：重启即丢失，多进程/多实例之间互不相通。',
      },
      sessions: {
        en: '`{{name}}` keeps sessions in process memory and request handlers write to it ({{where}}): a restart logs everyone out and each worker sees its own sessions.',
        zh: '`{{name}}` 将会话存储在进程内存中，并由请求处理函数写入（{{where}}）：重启后所有会话丢失，多进程/多实例之间会话互不相通。',
      },
      keys: {
        en: '`{{name}}` keeps tokens or API keys in process memory and request handlers write to it ({{where}}): they vanish on restart and cannot be shared, audited or revoked across instances.',
        zh: '`{{name}}` 将 Token/API Key 存储在进程内存中，并由请求处理函数写入（{{where}}）：重启即丢，无法跨实例共享、审计与回收。',
      },
    },
    docs: {
      en: {
        title: 'Users, sessions or keys kept in process memory',
        why: 'A module- or class-level dict, list, set or Map is private to one process and lives only as long as it does.',
        risk: 'Every deploy or crash logs everyone out and forgets accounts; with several workers or replicas a user exists on one and not another, so authorisation is arbitrary and nothing can be audited or revoked.',
        fix: 'Keep users, sessions and API keys in the database or Redis (with expiry), behind a repository/service that every instance shares.',
      },
      zh: {
        title: '鉴权与用户数据使用内存存储',
        why: '模块级或类级的 dict、list、set、Map 只属于单个进程，进程结束即消失。',
        risk: '每次发布或崩溃都会让所有用户掉线、账号丢失；多 worker/多副本时用户只存在于某一个进程，权限体系形同虚设，无法审计与回收。',
        fix: '将用户、会话与 API Key 存入数据库或 Redis（带过期时间），通过所有实例共享的存储层访问。',
      },
    },
    examples: {
      bad: 'users_db = {}\n\n@app.post("/register")\ndef register(body: User):\n    users_db[body.username] = body',
      good: '@app.post("/register")\ndef register(body: User, db: Session = Depends(get_db)):\n    db.add(UserRow(**body.dict()))',
    },
    refs: ['https://12factor.net/processes'],
    tags: ['security'],
  },
  create(ctx) {
    const state = emptyState();
    const routes = new RouteCollector(ctx.inventory, handlerCalls);
    return {
      python(file) {
        if (isTestPath(file.path)) return;
        // Sound: a module that spells no store word holds no reportable store, nor a write to one;
        // its functions still join the call graph.
        collectPyState(file.model.root, pyImportsOf(file), file.path, state, STORE_TEXT.test(file.text));
        routes.python(file);
      },
      js(file) {
        if (isTestPath(file.path)) return;
        jsImportsOf(file);
        collectJsState(file.model.ast, file.path, state, STORE_TEXT.test(file.text)); // as for Python
        routes.js(file);
      },
      done() {
        const all = routes.resolve();
        if (!all.length) return;
        const index = handlerIndex(all);
        const reached = reachableNames(state, index.calls);
        const seen = new Set<StoreDef>();
        for (const store of state.stores) {
          // The name tests first: most stores fail them, and the state rule's role is dearer.
          if (seen.has(store) || !(isAuthStoreName(store.name) || (store.owner !== undefined && isAuthStoreClass(store.owner) && !NOT_A_STORE.test(store.name))) || ownedByStateRule(store)) continue;
          const write = writesTo(state, store).find(
            (w) =>
              w.fnLines.some((l) => index.lines.get(w.file)?.has(l)) ||
              (w.fn !== undefined && reached.has(w.fn)) ||
              (w.fnOwner !== undefined && reached.has(w.fnOwner)),
          );
          if (!write) continue;
          seen.add(store);
          ctx.report({
            messageId: kindOf(store.owner ? `${store.owner}.${store.name}` : store.name),
            data: { name: store.owner ? `${store.owner}.${store.name}` : store.name, where: `${write.file}:${write.line}` },
            evidence: [
              { path: store.file, line: store.line, column: store.column },
              { path: write.file, line: write.line, column: write.column },
            ],
          });
        }
      },
    };
  },
});
