import { defineRule } from '../../src/engine/rule.js';
import { handlerChecksDependencies, routeIsHealth, ServiceCollector } from '../../src/analysis/service.js';

export default defineRule({
  meta: {
    id: 'health/shallow',
    priority: 'P3',
    category: 'reliability',
    kinds: ['js', 'python'],
    messages: {
      shallow: {
        en: 'The health endpoint `{{path}}` answers without checking any dependency (database, cache, upstream), and no other probe does.',
        zh: '健康检查接口 `{{path}}` 不检查任何依赖（数据库、缓存、上游服务）就直接返回成功，也没有其他探针做这项检查。',
      },
    },
    docs: {
      en: {
        title: 'Health check checks nothing',
        why: 'A probe that always returns `ok` proves only that the process can answer HTTP; it stays green while the database, cache or a required API is down.',
        risk: 'Traffic keeps flowing to instances that fail every real request, and alerts based on the probe stay silent during the outage.',
        fix: 'Keep the liveness probe cheap, but add a readiness probe that pings the dependencies the service cannot work without (`SELECT 1`, `redis.ping()`), with short timeouts.',
      },
      zh: {
        title: '健康检查未检查任何依赖',
        why: '永远返回 `ok` 的探针只能证明进程能响应 HTTP；数据库、缓存或必需的外部接口宕机时它依然是绿的。',
        risk: '流量继续流向所有真实请求都会失败的实例，基于该探针的告警在故障期间保持沉默。',
        fix: '存活探针保持轻量，但增加就绪探针，对服务离不开的依赖做带短超时的检查（`SELECT 1`、`redis.ping()`）。',
      },
    },
    examples: {
      bad: '@app.get("/health")\ndef health():\n    return {"status": "ok"}',
      good: '@app.get("/readyz")\nasync def ready():\n    await db.execute(text("SELECT 1"))\n    await redis.ping()\n    return {"status": "ok"}',
    },
    refs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  },
  create(ctx) {
    const services = new ServiceCollector(ctx.inventory, (route, file) => ({ checks: handlerChecksDependencies(route, file) }));
    return {
      js: (file) => services.js(file),
      python: (file) => services.python(file),
      done() {
        for (const service of services.services()) {
          const health = service.routes.filter(routeIsHealth);
          // Only when every probe is known to be shallow: a cheap /livez beside a deep /readyz is right.
          if (!health.length || !health.every((r) => r.notes.checks === false)) continue;
          const first = health[0];
          ctx.report({
            messageId: 'shallow',
            data: { path: first.fullPaths[0] ?? first.path },
            evidence: health.slice(0, 5).map((r) => ({ path: r.file, line: r.line })),
          });
        }
      },
    };
  },
});
