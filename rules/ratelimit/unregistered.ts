import { defineRule } from '../../src/engine/rule.js';
import { collectJsLimits, collectPyLimits, emptyLimits, unregistered } from '../../src/analysis/auth/limiters.js';
import { buildNginxConfig, rateLimitZones, type NginxSource } from '../../src/analysis/nginx.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Limiter labels that are words rather than package names. */
const LABEL_ZH: Record<string, string> = { 'rate-limit middleware class': '限流中间件类' };

export default defineRule({
  meta: {
    id: 'ratelimit/unregistered',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js', 'nginx'],
    messages: {
      limiter: {
        en: 'Rate limiter `{{name}}` ({{label}}) is created but never registered on the app, a router or a route: it limits nothing.',
        zh: '限流器 `{{name}}`（{{label}}）已创建，但从未注册到应用、路由器或任何接口上：限流未生效。',
      },
      zone: {
        en: 'nginx `limit_req_zone` `{{name}}` is defined but no `limit_req zone={{name}}` uses it: requests are not limited.',
        zh: 'nginx 定义了 `limit_req_zone` `{{name}}`，但没有任何 `limit_req zone={{name}}` 引用它：请求并未被限流。',
      },
    },
    docs: {
      en: {
        title: 'Rate limiter defined but never applied',
        why: 'A limiter object, middleware class or nginx zone does nothing until it is registered (`app.use`, `add_middleware`, `app.state.limiter` + `@limiter.limit`, `init_app`, `ThrottlerGuard`, `limit_req`). Its presence suggests protection that is not there.',
        risk: 'Brute force, scraping and cost spikes go unchecked while the team believes the API is limited.',
        fix: 'Register the limiter (globally or on the sensitive routes) and add a test that the limit answers 429; or delete the dead code.',
      },
      zh: {
        title: '限流已定义但未生效',
        why: '限流器对象、中间件类或 nginx zone 只有注册后才起作用（`app.use`、`add_middleware`、`app.state.limiter` + `@limiter.limit`、`init_app`、`ThrottlerGuard`、`limit_req`）。它的存在会让人误以为已有保护。',
        risk: '接口易被刷、暴力破解与成本飙升无人察觉，而团队以为已经限流。',
        fix: '将限流器注册到全局或敏感接口上，并补充返回 429 的测试；或删除无用代码。',
      },
    },
    examples: {
      bad: 'class RateLimitMiddleware(BaseHTTPMiddleware):\n    async def dispatch(self, request, call_next): ...\n\napp = FastAPI()  # never app.add_middleware(RateLimitMiddleware)',
      good: 'app = FastAPI()\napp.add_middleware(RateLimitMiddleware)',
    },
    refs: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
    tags: ['security'],
  },
  create(ctx) {
    const facts = emptyLimits();
    const nginx: NginxSource[] = [];
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    return {
      python(file) {
        if (!skip(file.path)) collectPyLimits(file, facts);
      },
      js(file) {
        if (!skip(file.path)) collectJsLimits(file, ctx.inventory, facts);
      },
      nginx(file) {
        if (!skip(file.path)) nginx.push({ path: file.path, model: file.model });
      },
      done() {
        for (const d of unregistered(facts)) {
          ctx.report({ messageId: 'limiter', data: { name: d.name, label: LABEL_ZH[d.label] ? { en: d.label, zh: LABEL_ZH[d.label] } : d.label }, evidence: [{ path: d.file, line: d.line, column: d.column }] });
        }
        if (!nginx.length) return;
        const zones = rateLimitZones(buildNginxConfig(nginx, ctx.inventory));
        for (const z of zones.defined) {
          if (z.directive !== 'limit_req_zone' || zones.used.some((u) => u.zone === z.zone && u.directive === 'limit_req')) continue;
          ctx.report({ messageId: 'zone', data: { name: z.zone }, evidence: [{ path: z.file, line: z.line, column: z.column }], key: z.zone });
        }
      },
    };
  },
});
