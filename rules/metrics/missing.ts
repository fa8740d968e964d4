import { defineRule } from '../../src/engine/rule.js';
import { serviceLabel } from '../../src/analysis/framework-names.js';
import { sharedServiceCollector } from '../../src/analysis/service.js';

/** Metrics and tracing clients, as imported modules (JS specifiers, Python qualified names). */
const METRICS_IMPORT = /^(?:prom-client|express-prom-bundle|express-prometheus-middleware|koa-prometheus|fastify-metrics|@willsoto\/nestjs-prometheus|@opentelemetry\/.+|hot-shots|node-statsd|statsd-client|dd-trace|newrelic|elastic-apm-node|prometheus_client|prometheus_fastapi_instrumentator|starlette_exporter|starlette_prometheus|django_prometheus|prometheus_flask_exporter|aioprometheus|opentelemetry|statsd|datadog|ddtrace|elasticapm|litestar\.(?:plugins|contrib)\.(?:prometheus|opentelemetry)|sanic_prometheus|aiohttp_prometheus|quart_prometheus|flask_prometheus_metrics|django_opentelemetry)(?:[./]|$)/;
/**
 * Agents that instrument an app from the outside, in a start command (Dockerfile, Procfile,
 * compose, package.json scripts): `opentelemetry-instrument uvicorn …`, `node -r dd-trace/init`.
 */
const AUTO_INSTRUMENT = /\b(?:opentelemetry-instrument|ddtrace-run|newrelic-admin\s+run-program|elastic-apm)\b|(?:-r|--require|--import)[=\s]+['"]?(?:@opentelemetry\/|dd-trace|newrelic|elastic-apm-node)/;
const LAUNCH_FILE = /(?:^|\/)(?:(?:Docker|Container)file[\w.-]*|[\w.-]+\.(?:dockerfile|sh)|Procfile|package\.json|(?:docker-)?compose[\w.-]*\.ya?ml)$/i;

export default defineRule({
  meta: {
    id: 'metrics/missing',
    priority: 'P2',
    category: 'observability',
    kinds: ['js', 'python'],
    messages: {
      missing: {
        en: '{{service}} exports no metrics: no Prometheus client, OpenTelemetry or StatsD, and no `/metrics` route.',
        zh: '{{service}}没有暴露任何指标：没有 Prometheus 客户端、OpenTelemetry 或 StatsD，也没有 `/metrics` 接口。',
      },
    },
    docs: {
      en: {
        title: 'No application metrics',
        why: 'Request rate, error rate, latency and saturation are what dashboards and alerts are built on; logs alone cannot answer "is it slower than yesterday".',
        risk: 'Degradation and capacity limits go unnoticed until users complain; incidents are diagnosed blind and take longer.',
        fix: 'Instrument the app (prometheus-fastapi-instrumentator, django-prometheus, prometheus-flask-exporter, prom-client / express-prom-bundle, or OpenTelemetry) and expose `/metrics` to your Prometheus, restricted to the internal network.',
      },
      zh: {
        title: '缺少应用指标',
        why: '请求量、错误率、延迟与饱和度是仪表盘与告警的基础；仅靠日志无法回答“是否比昨天更慢”。',
        risk: '性能退化和容量瓶颈在用户投诉前无人察觉，故障排查缺乏数据，耗时更长。',
        fix: '为应用接入指标（prometheus-fastapi-instrumentator、django-prometheus、prometheus-flask-exporter、prom-client / express-prom-bundle 或 OpenTelemetry），并把 `/metrics` 暴露给 Prometheus（仅限内网访问）。',
      },
    },
    examples: {
      bad: 'app = FastAPI()\n# no metrics',
      good: 'from prometheus_fastapi_instrumentator import Instrumentator\n\napp = FastAPI()\nInstrumentator().instrument(app).expose(app)',
    },
    refs: ['https://prometheus.io/docs/instrumenting/clientlibs/', 'https://opentelemetry.io/docs/'],
  },
  create(ctx) {
    const services = sharedServiceCollector(ctx.inventory);
    return {
      js: (file) => services.js(file),
      python: (file) => services.python(file),
      done() {
        const inventory = ctx.inventory;
        const launchers = inventory.files.filter((f) => LAUNCH_FILE.test(f.path) && AUTO_INSTRUMENT.test(inventory.text(f.path) ?? ''));
        for (const service of services.services()) {
          if ([...service.imports].some((i) => METRICS_IMPORT.test(i))) continue;
          if (service.routes.some((r) => [r.path, ...r.fullPaths].some((p) => /(?:^|\/)metrics\/?$/.test(p)))) continue;
          // A declared but never imported client is no instrumentation; an agent wrapping the start command is.
          const under = (path: string) => service.dir === '' || path.startsWith(`${service.dir}/`) || !path.includes('/');
          if (launchers.some((f) => under(f.path))) continue;
          ctx.report({
            messageId: 'missing',
            data: { service: serviceLabel(service.framework, service.dir) },
            evidence: [{ path: service.entry.path, line: service.entry.line }],
          });
        }
      },
    };
  },
});
