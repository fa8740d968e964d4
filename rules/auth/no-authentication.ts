import { defineRule } from '../../src/engine/rule.js';
import type { Node } from '@babel/types';
import type { PyNode } from '../../src/parsers/python.js';
import type { AppRoute } from '../../src/analysis/routes.js';
import { ServiceCollector, type Service } from '../../src/analysis/service.js';
import type { PyRoute } from '../../src/analysis/python/routes.js';
import type { JsRoute } from '../../src/analysis/js/routes.js';
import { jsHandlerChecks, pyHandlerChecks } from '../../src/analysis/auth/handler-checks.js';
import { collectJsScopes, emptyScopes } from '../../src/analysis/auth/js-scopes.js';
import { collectPyAccess, emptyPyAccess } from '../../src/analysis/auth/py-access.js';
import { isAuthGuardName, isLimitGuardName } from '../../src/analysis/auth/names.js';
import { jsHasAuthSign, pyHasAuthSign } from '../../src/analysis/auth/presence.js';
import { isLoginRoute, isOpenByDesign, STATE_CHANGING } from '../../src/analysis/auth/route-kinds.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Routes named as further evidence, besides the first. */
const MORE_EVIDENCE = 4;

function label(r: AppRoute): string {
  const method = r.methods.find((m) => STATE_CHANGING.has(m)) ?? (r.methods[0] === '*' ? 'ANY' : r.methods[0]);
  return `${method} ${r.fullPaths[0] ?? r.path}`;
}

export default defineRule({
  meta: {
    id: 'auth/no-authentication',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      open: {
        en: 'The API serves state-changing routes ({{count}}, e.g. `{{example}}`) and authenticates no one: no route, router or app has an auth guard or middleware, and no auth library or API-key check is used anywhere. Anyone who can reach the service can call them.',
        zh: '该 API 提供 {{count}} 个写操作接口（如 `{{example}}`），但全局没有任何鉴权：路由、路由器、应用均未挂载鉴权依赖或中间件，也未使用任何鉴权库或 API Key 校验。任何能访问该服务的人都可以直接调用。',
      },
      readOnly: {
        en: 'The API serves routes ({{count}}, e.g. `{{example}}`) and authenticates no one: no auth guard, middleware, auth library or API-key check anywhere. Anyone who can reach the service can read what it returns.',
        zh: '该 API 提供 {{count}} 个接口（如 `{{example}}`），但全局没有任何鉴权：没有鉴权依赖、中间件、鉴权库或 API Key 校验。任何能访问该服务的人都可以读取其返回的数据。',
      },
    },
    docs: {
      en: {
        title: 'HTTP API without any authentication',
        why: 'The service exposes routes but nothing in it identifies the caller: no auth dependency, decorator, middleware or guard, no auth library, no API-key header check. (When some routes are protected and others not, auth/unprotected-route reports the gaps instead.)',
        risk: 'Anyone who finds the address can use it: create, change or delete data, or — for a model-serving or LLM proxy API — burn GPU time and paid tokens at your expense. Access cannot be attributed, limited per client or revoked.',
        fix: 'Require a credential on every route except health checks: an API key in a header checked with a constant-time comparison (FastAPI `APIKeyHeader` + `Depends`, an Express/Koa middleware, a Nest guard), or OAuth2/JWT (`OAuth2PasswordBearer`, `passport-jwt`, `@nestjs/passport`, NextAuth). Apply it at the app or router level so new routes are covered by default. If the service is only reachable on a private network, document that and suppress this finding.',
      },
      zh: {
        title: 'HTTP API 完全没有鉴权',
        why: '服务对外提供接口，但没有任何识别调用者的机制：没有鉴权依赖、装饰器、中间件或守卫，没有鉴权库，也没有校验 API Key 请求头。（若部分接口有鉴权、部分没有，由 auth/unprotected-route 报告遗漏的接口。）',
        risk: '任何知道地址的人都能调用：创建、修改、删除数据；对于模型服务或 LLM 代理接口，则会被白白消耗 GPU 算力和付费 Token。调用无法追溯到具体客户，无法按客户限流或吊销。',
        fix: '除健康检查外的所有接口都要求凭证：在请求头中携带 API Key 并以常量时间比较校验（FastAPI `APIKeyHeader` + `Depends`、Express/Koa 中间件、Nest 守卫），或使用 OAuth2/JWT（`OAuth2PasswordBearer`、`passport-jwt`、`@nestjs/passport`、NextAuth）。在应用或路由器层统一挂载，使新增接口默认受保护。若服务仅在内网可达，请写明并忽略此项。',
      },
    },
    examples: {
      bad: 'app = FastAPI()\n\n@app.post("/v1/completions")\nasync def completions(body: CompletionRequest): ...',
      good: 'api_key = APIKeyHeader(name="X-API-Key")\n\ndef require_key(key: str = Security(api_key)):\n    if not secrets.compare_digest(key, settings.api_key):\n        raise HTTPException(401)\n\napp = FastAPI(dependencies=[Depends(require_key)])',
    },
    refs: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://fastapi.tiangolo.com/tutorial/security/'],
    tags: ['security'],
  },
  create(ctx) {
    const scopes = emptyScopes();
    const access = emptyPyAccess();
    /** Files that show a sign of authentication (which sign does not matter). */
    const signed: string[] = [];
    const services = new ServiceCollector(ctx.inventory, (route, file) => ({
      auth:
        file.kind === 'python'
          ? pyHandlerChecks((route as PyRoute).handler as PyNode | undefined).auth
          : jsHandlerChecks((route as JsRoute).handler as Node | undefined).auth,
    }));
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    return {
      python(file) {
        if (skip(file.path)) return;
        collectPyAccess(file, access);
        if (pyHasAuthSign(file)) signed.push(file.path);
        services.python(file);
      },
      js(file) {
        if (skip(file.path)) return;
        collectJsScopes(file, ctx.inventory, scopes);
        if (jsHasAuthSign(file)) signed.push(file.path);
        services.js(file);
      },
      done() {
        // Auth declared outside route decorators is not tied to a service here: any of it anywhere
        // silences the rule (auth/unprotected-route judges partial protection).
        const declared =
          access.appAuth.length > 0 || access.guardedOwners.size > 0 || access.djangoGlobalAuth || [...access.views.values()].some((v) => v.auth) ||
          scopes.nestGlobalAuth || scopes.uses.some((u) => u.auth) || [...scopes.routeOptions.values()].some((o) => o.auth);
        if (declared) return;
        const all = services.services().filter((s) => s.routes.length > 0);
        const within = (dir: string, path: string) => dir === '' || path.startsWith(`${dir}/`);
        // A sign belongs to the innermost service folder holding it; one outside every service (a
        // shared package) counts for all of them.
        // Innermost first (a stable sort keeps the services' order among equal depths).
        const byDepth = [...all].sort((a, b) => b.dir.length - a.dir.length);
        const owner = (path: string): Service | undefined => byDepth.find((s) => within(s.dir, path));
        const signedServices = new Set<Service | undefined>();
        for (const path of signed) signedServices.add(owner(path));
        if (signedServices.has(undefined)) return;
        for (const service of all) {
          if (signedServices.has(service)) continue;
          const mine = service.routes;
          // A login or token endpoint is authentication, even when nothing yet requires its token.
          if (mine.some((r) => guardedRoute(r) || isLoginRoute(r.fullPaths[0] ?? r.path, r.handlerName))) continue;
          const served = mine
            .filter((r) => !r.handlerName?.startsWith('admin.site') && !isOpenByDesign(r.fullPaths[0] ?? r.path, r.handlerName))
            .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
          if (!served.length) continue;
          const changing = served.filter((r) => r.methods.some((m) => STATE_CHANGING.has(m)));
          const shown = changing.length ? changing : served;
          const lowered = !changing.length
            ? 'no route is declared for POST, PUT, PATCH or DELETE: the exposure is reading, not changing data'
            : changing.every((r) => r.framework === 'next')
              ? "Next.js route handlers usually serve the app's own pages, whose visitors may be anonymous by design"
              : undefined;
          ctx.report({
            messageId: changing.length ? 'open' : 'readOnly',
            data: { count: shown.length, example: label(shown[0]) },
            evidence: shown.slice(0, MORE_EVIDENCE + 1).map((r) => ({ path: r.file, line: r.line })),
            ...(lowered ? { priority: 'P1' as const, reason: lowered } : {}),
          });
        }
      },
    };
  },
});

function guardedRoute(r: AppRoute): boolean {
  return r.notes.auth === true || r.guards.some((g) => isAuthGuardName(g) && !isLimitGuardName(g));
}
