import { defineRule } from '../../src/engine/rule.js';
import type { Node } from '@babel/types';
import type { PyNode } from '../../src/parsers/python.js';
import { jsImportsOf, jsRoutesOf } from '../../src/analysis/facts.js';
import { RouteCollector, type AppRoute } from '../../src/analysis/routes.js';
import { ownerKey, type PyRoute } from '../../src/analysis/python/routes.js';
import type { JsRoute } from '../../src/analysis/js/routes.js';
import { jsHandlerChecks, pyHandlerChecks } from '../../src/analysis/auth/handler-checks.js';
import { collectJsScopes, emptyScopes, scopeCovers } from '../../src/analysis/auth/js-scopes.js';
import { isNextMiddlewarePath, nextAuthMiddleware, nextMiddlewareCovers, type NextAuthMiddleware } from '../../src/analysis/auth/next-middleware.js';
import { collectPyAccess, emptyPyAccess } from '../../src/analysis/auth/py-access.js';
import { isAuthGuardName, isLimitGuardName } from '../../src/analysis/auth/names.js';
import { isOpenByDesign, privilegedWord, STATE_CHANGING } from '../../src/analysis/auth/route-kinds.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

export default defineRule({
  meta: {
    id: 'auth/unprotected-route',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      unprotected: {
        en: '`{{method}} {{path}}` has no authentication, although the app guards other routes (e.g. `{{example}}`): anyone who can reach the API can call it.',
        zh: '`{{method}} {{path}}` 未做鉴权，而应用的其他接口已要求登录（如 `{{example}}`）：任何能访问 API 的人都可以直接调用。',
      },
    },
    docs: {
      en: {
        title: 'State-changing or admin route without authentication',
        why: 'The app has an auth dependency, decorator, middleware or guard, but this route does not use it — usually an oversight when the route was added.',
        risk: 'Anyone can take over sessions, transfer or delete data, or use admin functions without logging in.',
        fix: 'Add the same guard the other routes use (FastAPI `Depends(get_current_user)`, `@login_required`, `authenticate` middleware, `@UseGuards(AuthGuard)`), or protect the whole router; mark intentionally public routes explicitly.',
      },
      zh: {
        title: '写操作或管理接口缺少鉴权',
        why: '应用已有鉴权依赖、装饰器、中间件或守卫，但该接口没有使用——通常是新增接口时遗漏。',
        risk: '任何人无需登录即可接管会话、转移或删除数据、调用管理功能。',
        fix: '为该接口加上其他接口使用的鉴权（FastAPI `Depends(get_current_user)`、`@login_required`、`authenticate` 中间件、`@UseGuards(AuthGuard)`），或在路由器层统一鉴权；确需公开的接口显式标注。',
      },
    },
    examples: {
      bad: '@router.get("/me")\ndef me(user=Depends(get_current_user)): ...\n\n@router.post("/sessions/{name}/takeover")\ndef takeover(name: str): ...',
      good: '@router.post("/sessions/{name}/takeover")\ndef takeover(name: str, user=Depends(get_current_agent)): ...',
    },
    refs: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/'],
    tags: ['security'],
  },
  create(ctx) {
    const scopes = emptyScopes();
    const nextMiddleware: NextAuthMiddleware[] = [];
    const access = emptyPyAccess();
    const routes = new RouteCollector(ctx.inventory, (route, file) =>
      file.kind === 'python'
        ? { auth: pyHandlerChecks((route as PyRoute).handler as PyNode | undefined).auth, owner: ownerKey(file.path, (route as PyRoute).owner) }
        : { auth: jsHandlerChecks((route as JsRoute).handler as Node | undefined).auth, owner: (route as JsRoute).owner },
    );
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    return {
      python(file) {
        if (skip(file.path)) return;
        collectPyAccess(file, access);
        routes.python(file);
      },
      js(file) {
        if (skip(file.path)) return;
        const facts = jsRoutesOf(file, ctx.inventory);
        if (isNextMiddlewarePath(file.path)) {
          const m = nextAuthMiddleware(file.model.ast, jsImportsOf(file), file.path);
          if (m) nextMiddleware.push(m);
        }
        collectJsScopes(file, ctx.inventory, scopes);
        // Export aliases and mounts seen by the route extractor are edges of the same scope graph.
        for (const m of facts.mounts) scopes.uses.push({ file: file.path, owner: m.parent, line: m.line, prefix: m.prefix, auth: false, limit: false, children: [m.child] });
        routes.js(file);
      },
      done() {
        const all = routes.resolve();
        // Module names depend on the source root (`backend/app/x.py` is imported as `app.x`).
        const ownerGuarded = (owner: string) => [...access.guardedOwners].some((g) => g === owner || owner.endsWith(`.${g}`) || g.endsWith(`.${owner}`));
        const guarded = (r: AppRoute): boolean => {
          if (r.notes.auth) return true;
          if (r.guards.some((g) => isAuthGuardName(g) && !isLimitGuardName(g))) return true;
          if (r.language === 'python') {
            if (r.framework === 'django') {
              const view = access.views.get(r.handlerName?.slice(r.handlerName.lastIndexOf('.') + 1) ?? '');
              if (view?.auth) return true;
              return access.djangoGlobalAuth && !view?.open;
            }
            return access.appAuth.length > 0 || ownerGuarded(String(r.notes.owner));
          }
          if (r.framework === 'next' && nextMiddlewareCovers(nextMiddleware, r.file, r.fullPaths[0] ?? r.path)) return true;
          if (r.framework === 'nest' && scopes.nestGlobalAuth) return !r.guards.some((g) => /^Public$/.test(g));
          if (scopes.routeOptions.get(`${r.file}:${r.line}`)?.auth) return true;
          return scopeCovers(scopes, 'auth', String(r.notes.owner), r.file, r.line, r.path);
        };
        for (const language of ['python', 'js'] as const) {
          const mine = all.filter((r) => r.language === language);
          // Evidence that the app authenticates: a guarded route that is not open by design (a
          // login handler checks a password, it is not itself protected).
          const example = mine.find((r) => guarded(r) && !isOpenByDesign(r.fullPaths[0] ?? r.path, r.handlerName));
          if (!example) continue;
          for (const r of mine) {
            if (guarded(r)) continue;
            const path = r.fullPaths[0] ?? r.path;
            if (r.handlerName?.startsWith('admin.site') || isOpenByDesign(path, r.handlerName)) continue;
            const view = r.framework === 'django' ? access.views.get(r.handlerName?.slice(r.handlerName.lastIndexOf('.') + 1) ?? '') : undefined;
            const changing = (view?.methods ?? r.methods).filter((m) => STATE_CHANGING.has(m));
            const privileged = privilegedWord(path, r.handlerName);
            if (!privileged && !changing.length) continue;
            const destructive = !!privileged || changing.includes('DELETE');
            // `permission_classes = [AllowAny]` is a decision: only a destructive view is worth doubting.
            if (view?.open && !destructive) continue;
            const method = (changing.includes('DELETE') ? 'DELETE' : changing[0]) ?? (r.methods[0] === '*' ? 'ANY' : r.methods[0]);
            ctx.report({
              messageId: 'unprotected',
              data: { method, path, example: `${example.methods[0] === '*' ? 'ANY' : example.methods[0]} ${example.fullPaths[0] ?? example.path}` },
              evidence: [{ path: r.file, line: r.line }, { path: example.file, line: example.line }],
              ...(destructive ? {} : { priority: 'P1' as const, reason: 'a state-changing route whose name does not say admin or destructive; it may be meant to be public' }),
            });
          }
        }
      },
    };
  },
});
