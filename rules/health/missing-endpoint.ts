import { defineRule } from '../../src/engine/rule.js';
import { serviceLabel } from '../../src/analysis/framework-names.js';
import { HEALTH_LIBRARIES, isHealthPath, routeIsHealth, sharedServiceCollector } from '../../src/analysis/service.js';

export default defineRule({
  meta: {
    id: 'health/missing-endpoint',
    priority: 'P1',
    category: 'reliability',
    kinds: ['js', 'python'],
    messages: {
      missing: {
        en: '{{service}} has no health or readiness endpoint (`/health`, `/healthz`, `/ready`, `/live`).',
        zh: '{{service}}没有健康检查或就绪探针接口（`/health`、`/healthz`、`/ready`、`/live`）。',
      },
    },
    docs: {
      en: {
        title: 'No health check endpoint',
        why: 'Orchestrators, load balancers and uptime monitors decide whether to send traffic to an instance, restart it or roll a deploy back by probing a health route.',
        risk: 'A hung or half-started instance keeps receiving traffic, rolling deploys cannot tell a broken release from a good one, and outages are noticed by users first.',
        fix: 'Add a cheap liveness route (`/livez`: the process answers) and a readiness route (`/readyz`: the database, cache and required upstreams answer), and point Docker `HEALTHCHECK`, Kubernetes probes and the load balancer at them.',
      },
      zh: {
        title: '缺少健康检查接口',
        why: '编排系统、负载均衡和可用性监控通过探测健康检查接口，决定是否向实例转发流量、是否重启实例或回滚发布。',
        risk: '卡死或未完全启动的实例仍在接收流量，滚动发布无法区分坏版本和好版本，故障往往由用户先发现。',
        fix: '增加轻量的存活接口（`/livez`：进程能响应）和就绪接口（`/readyz`：数据库、缓存和必需的上游都可用），并让 Docker `HEALTHCHECK`、Kubernetes 探针与负载均衡指向它们。',
      },
    },
    examples: {
      bad: 'app = FastAPI()\n\n@app.get("/api/chat")\nasync def chat(): ...',
      good: '@app.get("/healthz")\nasync def healthz():\n    await db.execute(text("SELECT 1"))\n    return {"status": "ok"}',
    },
    refs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  },
  create(ctx) {
    const services = sharedServiceCollector(ctx.inventory);
    return {
      js: (file) => services.js(file),
      python: (file) => services.python(file),
      done() {
        for (const service of services.services()) {
          if (service.routes.some(routeIsHealth)) continue;
          // Routes the extractors cannot see (add_api_route, a route table) still name their path.
          if ([...service.pathLiterals].some(isHealthPath)) continue;
          if ([...service.imports].some((i) => HEALTH_LIBRARIES.test(i))) continue;
          ctx.report({
            messageId: 'missing',
            data: { service: serviceLabel(service.framework, service.dir) },
            evidence: [{ path: service.entry.path, line: service.entry.line }],
            // Next.js route handlers often run on a platform that probes the deployment itself.
            ...(service.framework === 'next' ? { priority: 'P2' as const, reason: 'Next.js route handlers; the hosting platform may probe the deployment' } : {}),
          });
        }
      },
    };
  },
});
