import { defineRule } from '../../src/engine/rule.js';
import type { Node } from '@babel/types';
import type { PyNode } from '../../src/parsers/python.js';
import { jsRoutesOf } from '../../src/analysis/facts.js';
import { RouteCollector } from '../../src/analysis/routes.js';
import type { PyRoute } from '../../src/analysis/python/routes.js';
import type { JsRoute } from '../../src/analysis/js/routes.js';
import { jsHandlerChecks, pyHandlerChecks } from '../../src/analysis/auth/handler-checks.js';
import { collectJsScopes, emptyScopes, scopeCovers } from '../../src/analysis/auth/js-scopes.js';
import { collectPyAccess, emptyPyAccess } from '../../src/analysis/auth/py-access.js';
import { appWideLimit, collectJsLimits, collectPyLimits, emptyLimits } from '../../src/analysis/auth/limiters.js';
import { isLimitGuardName } from '../../src/analysis/auth/names.js';
import { isLoginRoute } from '../../src/analysis/auth/route-kinds.js';
import { buildNginxConfig, effectiveList, locationsProxying, type NginxSource } from '../../src/analysis/nginx.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

export default defineRule({
  meta: {
    id: 'auth/no-login-throttle',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js', 'nginx'],
    messages: {
      login: {
        en: 'Login endpoint `{{method}} {{path}}` has no rate limit, lockout or failed-attempt counter: passwords can be brute-forced at full speed.',
        zh: '登录接口 `{{method}} {{path}}` 没有限流、锁定或失败次数计数：密码可被全速暴力破解。',
      },
    },
    docs: {
      en: {
        title: 'Login without throttling',
        why: 'A credential check that answers as fast as it is asked lets an attacker try passwords (or leaked credential lists) without limit.',
        risk: 'Account takeover through brute force and credential stuffing; CPU spent on password hashing becomes a denial-of-service lever.',
        fix: 'Limit the login route per IP and per account (slowapi/flask-limiter `@limiter.limit("5/minute")`, express-rate-limit on the route, `@Throttle()` with ThrottlerGuard, django-axes, nginx `limit_req` on that location) and lock out or slow down after repeated failures.',
      },
      zh: {
        title: '登录接口无节流',
        why: '对登录请求来者不拒，攻击者即可无限次尝试密码或撞库。',
        risk: '暴力破解与撞库导致账户被盗；密码哈希的 CPU 消耗还会被用来拖垮服务。',
        fix: '对登录接口按 IP 和账号限流（slowapi/flask-limiter `@limiter.limit("5/minute")`、路由上的 express-rate-limit、`@Throttle()` + ThrottlerGuard、django-axes、该 location 上的 nginx `limit_req`），并在连续失败后锁定或延迟。',
      },
    },
    examples: {
      bad: '@app.post("/auth/login")\nasync def login(form: LoginForm): ...',
      good: '@app.post("/auth/login")\n@limiter.limit("5/minute")\nasync def login(request: Request, form: LoginForm): ...',
    },
    refs: ['https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks'],
    tags: ['security'],
  },
  create(ctx) {
    const scopes = emptyScopes();
    const access = emptyPyAccess();
    const limits = emptyLimits();
    const nginx: NginxSource[] = [];
    const routes = new RouteCollector(ctx.inventory, (route, file) =>
      file.kind === 'python'
        ? { throttle: pyHandlerChecks((route as PyRoute).handler as PyNode | undefined).throttle }
        : { throttle: jsHandlerChecks((route as JsRoute).handler as Node | undefined).throttle, owner: (route as JsRoute).owner },
    );
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    return {
      python(file) {
        if (skip(file.path)) return;
        collectPyAccess(file, access);
        collectPyLimits(file, limits);
        routes.python(file);
      },
      js(file) {
        if (skip(file.path)) return;
        collectJsScopes(file, ctx.inventory, scopes);
        for (const m of jsRoutesOf(file, ctx.inventory).mounts) scopes.uses.push({ file: file.path, owner: m.parent, line: m.line, prefix: m.prefix, auth: false, limit: false, children: [m.child] });
        collectJsLimits(file, ctx.inventory, limits);
        routes.js(file);
      },
      nginx(file) {
        if (!skip(file.path)) nginx.push({ path: file.path, model: file.model });
      },
      done() {
        const logins = routes.resolve().filter((r) => r.methods.some((m) => m === 'POST' || m === '*') && isLoginRoute(r.fullPaths[0] ?? r.path, r.handlerName));
        if (!logins.length) return;
        const pyWide = appWideLimit(limits) || access.djangoLockout;
        const config = nginx.length ? buildNginxConfig(nginx, ctx.inventory) : undefined;
        for (const r of logins) {
          const path = r.fullPaths[0] ?? r.path;
          if (r.notes.throttle || r.guards.some((g) => isLimitGuardName(g))) continue;
          if (r.language === 'python') {
            if (pyWide) continue;
            if (access.views.get(r.handlerName?.slice(r.handlerName.lastIndexOf('.') + 1) ?? '')?.limit) continue;
          } else {
            if (r.framework === 'nest' && scopes.nestGlobalLimit) continue;
            if (scopes.routeOptions.get(`${r.file}:${r.line}`)?.limit) continue;
            if (scopeCovers(scopes, 'limit', String(r.notes.owner), r.file, r.line, r.path)) continue;
          }
          if (config && r.fullPaths.some((p) => locationsProxying(config, p).some((l) => effectiveList(l.location.node, 'limit_req').length > 0))) continue;
          const method = r.methods.includes('POST') ? 'POST' : 'ANY';
          ctx.report({ messageId: 'login', data: { method, path }, evidence: [{ path: r.file, line: r.line }] });
        }
      },
    };
  },
});
