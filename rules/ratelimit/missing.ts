import { defineRule } from '../../src/engine/rule.js';
import { counted } from '../../src/engine/message-words.js';
import { jsRoutesOf, pyRoutesOf } from '../../src/analysis/facts.js';
import { collectJsLimits, collectPyLimits, emptyLimits, JS_LIMIT_PACKAGES, PY_LIMIT_PACKAGES } from '../../src/analysis/auth/limiters.js';
import { hasEdgeRateLimit } from '../../src/analysis/edge-limits.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

interface Spot {
  path: string;
  line: number;
}

/** The file that creates the app is the natural place for a repository-level finding. */
function entryRank(path: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
  return (/^(?:main|app|server|index|asgi|wsgi|application)$/.test(name) ? 0 : 1) * 100 + path.split('/').length;
}

export default defineRule({
  meta: {
    id: 'ratelimit/missing',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js', 'nginx', 'package-json', 'requirements', 'pyproject'],
    messages: {
      missing: {
        en: 'This HTTP API ({{routes}}) has no rate limiting anywhere: no limiter library, no limiting middleware and no nginx `limit_req`.',
        zh: '该 HTTP API（共 {{routes}}）没有任何限流：既无限流库或限流中间件，也无 nginx `limit_req`。',
      },
    },
    docs: {
      en: {
        title: 'No rate limiting',
        why: 'Without a limit per client or key, one caller can send as many requests as the server accepts.',
        risk: 'Brute force on login, scraping, and cost spikes on paid upstream APIs (LLM calls); one noisy client degrades the service for everyone.',
        fix: 'Add limits at the edge (nginx `limit_req`, API gateway) and in the app (slowapi / flask-limiter / express-rate-limit / @nestjs/throttler), per IP and per user or key, stricter on login and expensive endpoints; back them with Redis when running several instances.',
      },
      zh: {
        title: '缺少限流',
        why: '没有按客户端或 Key 的请求限制，单个调用方可以发送服务器能承受的任意多请求。',
        risk: '登录被暴力破解、数据被爬取、上游付费接口（如 LLM 调用）成本飙升；单个异常客户端即可拖垮整体服务。',
        fix: '在网关层（nginx `limit_req`、API 网关）和应用层（slowapi / flask-limiter / express-rate-limit / @nestjs/throttler）同时限流，按 IP 与用户/Key 维度，对登录和高成本接口更严格；多实例部署时使用 Redis 作为计数存储。',
      },
    },
    examples: {
      bad: 'app = FastAPI()\n\n@app.post("/api/chat")\nasync def chat(body: ChatIn): ...',
      good: 'limiter = Limiter(key_func=get_remote_address, default_limits=["60/minute"])\napp.state.limiter = limiter\napp.add_middleware(SlowAPIMiddleware)',
    },
    refs: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
    tags: ['security'],
  },
  create(ctx) {
    const limits = emptyLimits();
    const apps: Spot[] = [];
    const firstRoutes: Spot[] = [];
    let routeCount = 0;
    let nginxLimits = false;
    let declared = false;
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    return {
      python(file) {
        if (skip(file.path)) return;
        collectPyLimits(file, limits);
        const routes = pyRoutesOf(file);
        for (const r of routes.routers) if (r.kind === 'app') apps.push({ path: file.path, line: r.line });
        routeCount += routes.routes.length;
        if (routes.routes[0]) firstRoutes.push({ path: file.path, line: routes.routes[0].line });
      },
      js(file) {
        if (skip(file.path)) return;
        collectJsLimits(file, ctx.inventory, limits);
        const routes = jsRoutesOf(file, ctx.inventory);
        for (const r of routes.routers) if (r.kind === 'app') apps.push({ path: file.path, line: r.line });
        routeCount += routes.routes.length;
        if (routes.routes[0]) firstRoutes.push({ path: file.path, line: routes.routes[0].line });
      },
      nginx(file) {
        if (skip(file.path)) return; // a limit_req in docs/ protects nothing that is deployed
        const walk = (ds: typeof file.model.directives): boolean => ds.some((d) => /^limit_req(?:_zone)?$/.test(d.name) || walk(d.block ?? []));
        if (walk(file.model.directives)) nginxLimits = true;
      },
      'package-json'(file) {
        const value = file.model.value as Record<string, Record<string, string> | undefined> | undefined;
        for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
          if (Object.keys(value?.[section] ?? {}).some((name) => JS_LIMIT_PACKAGES.test(name))) declared = true;
        }
      },
      requirements(file) {
        if (file.model.entries.some((e) => PY_LIMIT_PACKAGES.test(e.name) && e.name !== 'djangorestframework')) declared = true;
      },
      pyproject(file) {
        if (file.model.dependencies.some((d) => PY_LIMIT_PACKAGES.test(d.name) && d.name !== 'djangorestframework')) declared = true;
      },
      done() {
        if (!routeCount || declared || nginxLimits || limits.present.length || limits.defs.length) return;
        if (hasEdgeRateLimit(ctx.inventory)) return; // Traefik, ingress-nginx, Kong, Envoy or Caddy limits in front
        const entry = [...apps].sort((a, b) => entryRank(a.path) - entryRank(b.path) || (a.path < b.path ? -1 : 1))[0]
          ?? [...firstRoutes].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
        if (!entry) return;
        ctx.report({ messageId: 'missing', data: { routes: counted(routeCount, 'route', 'routes', '个接口') }, evidence: [{ path: entry.path, line: entry.line }] });
      },
    };
  },
});
