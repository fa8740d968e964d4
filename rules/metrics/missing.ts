import { defineRule } from '../../src/engine/rule.js';
import { declaredDependencies, ManifestFacts } from '../../src/analysis/manifests.js';
import { ServiceCollector } from '../../src/analysis/service.js';

/** Metrics and tracing clients, as imported modules (JS specifiers, Python qualified names). */
const METRICS_IMPORT = /^(?:prom-client|express-prom-bundle|express-prometheus-middleware|koa-prometheus|fastify-metrics|@willsoto\/nestjs-prometheus|@opentelemetry\/.+|hot-shots|node-statsd|statsd-client|dd-trace|newrelic|elastic-apm-node|prometheus_client|prometheus_fastapi_instrumentator|starlette_exporter|starlette_prometheus|django_prometheus|prometheus_flask_exporter|aioprometheus|opentelemetry|statsd|datadog|ddtrace|elasticapm)(?:[./]|$)/;
/** The same, as declared dependencies. */
const METRICS_DEP = /^(?:prom-client|express-prom-bundle|express-prometheus-middleware|koa-prometheus|fastify-metrics|@willsoto\/nestjs-prometheus|@opentelemetry\/.+|hot-shots|dd-trace|newrelic|elastic-apm-node|prometheus-client|prometheus-fastapi-instrumentator|starlette-exporter|starlette-prometheus|django-prometheus|prometheus-flask-exporter|aioprometheus|opentelemetry-.+|statsd|datadog|ddtrace|elastic-apm)$/;

export default defineRule({
  meta: {
    id: 'metrics/missing',
    priority: 'P2',
    category: 'observability',
    kinds: ['js', 'python', 'package-json', 'requirements', 'pyproject'],
    messages: {
      missing: {
        en: 'The {{framework}} service in `{{dir}}` exports no metrics: no Prometheus client, OpenTelemetry or StatsD, and no `/metrics` route.',
        zh: '`{{dir}}` 中的 {{framework}} 服务没有暴露任何指标：没有 Prometheus 客户端、OpenTelemetry 或 StatsD，也没有 `/metrics` 接口。',
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
    const services = new ServiceCollector(ctx.inventory);
    const manifests = new ManifestFacts(ctx.inventory);
    return {
      js: (file) => services.js(file),
      python: (file) => services.python(file),
      'package-json': (file) => manifests.packageJson(file),
      requirements: (file) => manifests.requirements(file),
      pyproject: (file) => manifests.pyproject(file),
      done() {
        const declared = declaredDependencies(manifests).filter((d) => METRICS_DEP.test(d.name));
        for (const service of services.services()) {
          if ([...service.imports].some((i) => METRICS_IMPORT.test(i))) continue;
          if (service.routes.some((r) => [r.path, ...r.fullPaths].some((p) => /(?:^|\/)metrics\/?$/.test(p)))) continue;
          // A metrics library declared for this package (or the repository root) is instrumentation in waiting, not absence.
          if (declared.some((d) => { const dir = d.path.includes('/') ? d.path.slice(0, d.path.lastIndexOf('/')) : ''; return dir === '' || dir === service.dir || service.dir.startsWith(`${dir}/`); })) continue;
          ctx.report({
            messageId: 'missing',
            data: { framework: service.framework, dir: service.dir || '.' },
            evidence: [{ path: service.entry.path, line: service.entry.line }],
          });
        }
      },
    };
  },
});
