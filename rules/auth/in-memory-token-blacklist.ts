import { defineRule } from '../../src/engine/rule.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { importsFrom } from '../../src/analysis/js/imports.js';
import { emptyState, type StoreWrite } from '../../src/analysis/auth/state.js';
import { collectPyState } from '../../src/analysis/auth/py-state.js';
import { collectJsState } from '../../src/analysis/auth/js-state.js';
import { isRevocationName, mentionsToken } from '../../src/analysis/auth/names.js';
import { isTestPath } from '../../src/io/paths.js';

const PY_JWT = /^(?:jwt|jose|authlib|flask_jwt_extended|fastapi_jwt_auth|rest_framework_simplejwt|itsdangerous|fastapi_users)(?:\.|$)/;
const JS_JWT = /^(?:jsonwebtoken|jose|@nestjs\/jwt|passport-jwt|express-jwt|koa-jwt|@fastify\/jwt|jwt-simple|hono\/jwt)$/;
const AUTH_PATH = /(?:^|\/|_|-)(?:auth|jwt|tokens?|security|session)s?(?:\/|_|-|\.)/i;
/**
 * A file whose text never spells a revocation word cannot define a revocation store, nor write to
 * one (writes count only in the store's own file): skipping it saves the state walk for almost
 * every file. Looser than `isRevocationName`, never stricter.
 */
const REVOCATION_TEXT = /(?:black|block|deny)[^a-z0-9]*list|revoked|revocation|invalidated|banned/i;

export default defineRule({
  meta: {
    id: 'auth/in-memory-token-blacklist',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      blacklist: {
        en: 'Revoked tokens are kept in `{{name}}`, a {{shape}} in process memory (added to at {{where}}): a logged-out token works again after a restart and on every other worker.',
        zh: 'Token 黑名单 `{{name}}` 基于进程内存（{{shape}}）实现（写入位置 {{where}}）：重启后失效，且无法跨进程/实例同步，退出登录的 Token 在其他实例上仍然有效。',
      },
    },
    docs: {
      en: {
        title: 'Token blacklist kept in process memory',
        why: 'A revocation list in a set, dict or Map exists once per process and is empty after every start.',
        risk: 'Logout and forced revocation silently fail behind a load balancer or after a deploy: a stolen or logged-out JWT stays valid until it expires.',
        fix: 'Store revoked token ids (`jti`) in Redis or the database with a TTL equal to the token lifetime, and check it on every request; keep access tokens short-lived.',
      },
      zh: {
        title: 'Token 黑名单内存实现',
        why: '存放在 set、dict 或 Map 中的吊销列表每个进程各有一份，且每次启动后为空。',
        risk: '横向扩容或重新发布后退出登录、强制下线全部失效：被盗或已注销的 JWT 在过期前仍可使用。',
        fix: '将吊销的 Token（`jti`）存入 Redis 或数据库并设置与 Token 有效期相同的 TTL，每次请求校验；同时缩短 Access Token 有效期。',
      },
    },
    examples: {
      bad: 'token_blacklist = set()\n\ndef logout(token):\n    token_blacklist.add(token)',
      good: 'def logout(jti, ttl):\n    redis.setex(f"revoked:{jti}", ttl, 1)',
    },
    refs: ['https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-explicit-revocation-by-the-user'],
    tags: ['security'],
  },
  create(ctx) {
    const state = emptyState();
    const tokenFiles = new Set<string>();
    return {
      python(file) {
        if (isTestPath(file.path) || !REVOCATION_TEXT.test(file.text)) return;
        const imports = pyImportsOf(file);
        if ([...imports.values()].some((t) => PY_JWT.test(t))) tokenFiles.add(file.path);
        collectPyState(file.model.root, imports, file.path, state);
      },
      js(file) {
        if (isTestPath(file.path) || !REVOCATION_TEXT.test(file.text)) return;
        if (importsFrom(jsImportsOf(file), JS_JWT)) tokenFiles.add(file.path);
        collectJsState(file.model.ast, file.path, state);
      },
      done() {
        const writes = new Map<string, StoreWrite[]>();
        for (const w of state.writes) {
          const key = storeKey(w);
          const list = writes.get(key);
          if (list) list.push(w);
          else writes.set(key, [w]);
        }
        for (const store of state.stores) {
          if (!isRevocationName(store.name)) continue;
          // A bare `blacklist` may hold IPs or words: it must speak of tokens or live with JWT code.
          if (!mentionsToken(store.name) && !tokenFiles.has(store.file) && !AUTH_PATH.test(store.file)) continue;
          const add = writes.get(storeKey(store))?.[0];
          if (!add) continue;
          ctx.report({
            messageId: 'blacklist',
            data: { name: store.owner ? `${store.owner}.${store.name}` : store.name, shape: store.shape, where: `${add.file}:${add.line}` },
            evidence: [
              { path: store.file, line: store.line, column: store.column },
              { path: add.file, line: add.line, column: add.column },
            ],
          });
        }
      },
    };
  },
});

/** The same store as `writesTo` matches it: file, name and owning class. */
function storeKey(s: { file: string; name: string; owner?: string }): string {
  return `${s.file}\u0000${s.name}\u0000${s.owner === undefined ? '\u0001' : s.owner}`;
}
