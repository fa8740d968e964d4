import { defineRule } from '../../src/engine/rule.js';
import { counted } from '../../src/engine/message-words.js';
import { jsConsoleCalls, pyPrints, type ConsoleOutput } from '../../src/analysis/logging/console-output.js';
import { ServerScope } from '../../src/analysis/server-scope.js';

export default defineRule({
  meta: {
    id: 'logging/print-statements',
    priority: 'P2',
    category: 'observability',
    kinds: ['python', 'js'],
    messages: {
      python: {
        en: 'Server code logs with `print()` ({{calls}} in `{{file}}`): no level, timestamp or request context, nothing a log pipeline can filter or search.',
        zh: '服务端代码使用 `print()` 记录日志（`{{file}}` 中共 {{calls}}）：没有级别、时间戳和请求上下文，日志系统无法过滤和检索。',
      },
      js: {
        en: 'Server code logs with `console.*` ({{calls}} in `{{file}}`, such as `{{call}}`): no levels that can be turned down in production, no structure, no request context.',
        zh: '服务端代码使用 `console.*` 输出日志（`{{file}}` 中共 {{calls}}，如 `{{call}}`）：生产环境无法按级别关闭，没有结构化字段和请求上下文。',
      },
    },
    docs: {
      en: {
        title: 'print/console used as the logging of a server',
        why: '`print()` and `console.log` write unlevelled, unstructured text to stdout; in a service they are the only record of what happened.',
        risk: 'Incidents cannot be diagnosed (no levels, timestamps, request ids), debug output and sensitive data reach production logs, and nothing can be filtered or alerted on.',
        fix: 'Use a logger: Python `logging.getLogger(__name__)` (or structlog/loguru) with levels; Node pino/winston (or Nest `Logger`); keep print/console for CLIs and scripts.',
      },
      zh: {
        title: '服务端用 print/console 代替日志',
        why: '`print()` 与 `console.log` 向标准输出写入无级别、无结构的文本；在服务中它们成了唯一的运行记录。',
        risk: '故障无法诊断（无级别、时间戳、请求 ID），调试输出和敏感数据进入生产日志，也无法过滤或告警。',
        fix: '使用日志库：Python 用 `logging.getLogger(__name__)`（或 structlog/loguru）并区分级别；Node 用 pino/winston（或 Nest `Logger`）；print/console 只留给命令行工具和脚本。',
      },
    },
    examples: {
      bad: '@app.post("/api/chat")\nasync def chat(req: ChatRequest):\n    print(f"❌ 错误: {error_msg}")',
      good: 'logger = logging.getLogger(__name__)\n\n@app.post("/api/chat")\nasync def chat(req: ChatRequest):\n    logger.error("chat failed", extra={"session": req.session_id})',
    },
    refs: ['https://docs.python.org/3/howto/logging.html', 'https://getpino.io/'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const found: { path: string; language: 'python' | 'js'; output: ConsoleOutput }[] = [];
    return {
      python(file) {
        scope.python(file);
        const output = pyPrints(file);
        if (output) found.push({ path: file.path, language: 'python', output });
      },
      js(file) {
        scope.js(file);
        const output = jsConsoleCalls(file);
        if (output) found.push({ path: file.path, language: 'js', output });
      },
      done() {
        for (const { path, language, output } of found) {
          if (!scope.isServerCode(path)) continue;
          ctx.report({
            messageId: language,
            data: { calls: counted(output.count, 'call', 'calls', '处'), file: path, call: output.call },
            evidence: [{ path, line: output.line, column: output.column }],
          });
        }
      },
    };
  },
});
