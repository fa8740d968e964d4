import { defineRule } from '../../src/engine/rule.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { jsConfiguresJsonLogs, pyConfiguresJsonLogs } from '../../src/analysis/logging/structured.js';
import { ServerScope } from '../../src/analysis/server-scope.js';

export default defineRule({
  meta: {
    id: 'logging/unstructured',
    priority: 'P3',
    category: 'observability',
    kinds: ['python', 'js'],
    messages: {
      python: {
        en: 'This Python service configures no structured (JSON) logging (python-json-logger, structlog, loguru `serialize=True`, a JSON formatter): logs are free text that a log pipeline cannot query by field.',
        zh: '该 Python 服务没有配置结构化（JSON）日志（python-json-logger、structlog、loguru `serialize=True` 或 JSON formatter）：日志是自由文本，日志平台无法按字段检索。',
      },
      js: {
        en: 'This Node service configures no structured (JSON) logger (pino, winston `format.json()`, bunyan, nestjs-pino): logs are free text that a log pipeline cannot query by field.',
        zh: '该 Node 服务没有配置结构化（JSON）日志（pino、winston `format.json()`、bunyan、nestjs-pino）：日志是自由文本，日志平台无法按字段检索。',
      },
    },
    docs: {
      en: {
        title: 'No structured (JSON) logs',
        why: 'Log aggregation (Loki, ELK, CloudWatch) works on fields: level, timestamp, request id, user, latency. Plain text lines need fragile parsing.',
        risk: 'Incidents take longer to diagnose: no search by request id or user, no log-based metrics or alerts, multi-line tracebacks split apart.',
        fix: 'Emit one JSON object per line with level, time, logger, message and request context: python-json-logger or structlog in Python, pino (pino-http, nestjs-pino) or winston `format.json()` in Node.',
      },
      zh: {
        title: '缺少结构化（JSON）日志',
        why: '日志聚合（Loki、ELK、CloudWatch）依赖字段：级别、时间戳、请求 ID、用户、耗时。纯文本日志需要脆弱的解析。',
        risk: '故障诊断变慢：无法按请求 ID 或用户检索，无法基于日志做指标和告警，多行堆栈会被拆散。',
        fix: '每行输出一个 JSON 对象，包含级别、时间、logger、消息和请求上下文：Python 用 python-json-logger 或 structlog，Node 用 pino（pino-http、nestjs-pino）或 winston `format.json()`。',
      },
    },
    examples: {
      bad: 'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")',
      good: 'from pythonjsonlogger import jsonlogger\nhandler.setFormatter(jsonlogger.JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))',
    },
    refs: ['https://github.com/madzak/python-json-logger', 'https://www.structlog.org/', 'https://getpino.io/'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const structured: { path: string; language: 'python' | 'js' }[] = [];
    return {
      python(file) {
        scope.python(file);
        if (pyConfiguresJsonLogs(file)) structured.push({ path: file.path, language: 'python' });
      },
      js(file) {
        scope.js(file);
        if (jsConfiguresJsonLogs(file)) structured.push({ path: file.path, language: 'js' });
      },
      done() {
        for (const language of ['python', 'js'] as const) {
          const projects = scope.serverProjects(language);
          for (const [project, modules] of projects) {
            // A shared logging package imported by the service counts when it is not another service.
            const hasJson = structured.some((s) => s.language === language && (scope.projectOf(s.path, language) === project || (!projects.has(scope.projectOf(s.path, language)) && scope.isServerCode(s.path))));
            if (hasJson) continue;
            const entry = modules[0];
            const manifest = `${project ? `${project}/` : ''}package.json`;
            const evidence: EvidenceInput =
              entry.appLine !== undefined ? { path: entry.path, line: entry.appLine } : language === 'js' && ctx.inventory.has(manifest) ? { path: manifest } : { path: entry.path };
            ctx.report({ messageId: language, evidence: [evidence] });
          }
        }
      },
    };
  },
});
