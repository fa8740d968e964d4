import { defineRule } from '../../src/engine/rule.js';
import { jsShutdownFacts, type ShutdownFacts } from '../../src/analysis/state/shutdown.js';
import { ServerScope } from '../../src/analysis/server-scope.js';

export default defineRule({
  meta: {
    id: 'lifecycle/no-graceful-shutdown',
    priority: 'P3',
    category: 'reliability',
    kinds: ['js'],
    messages: {
      listen: {
        en: 'This Node server starts listening here, but the service never handles SIGTERM/SIGINT or closes the server: every deploy or scale-down cuts in-flight requests and streams.',
        zh: '该 Node 服务在此开始监听，但整个服务没有处理 SIGTERM/SIGINT，也没有关闭 server：每次发布或缩容都会中断进行中的请求和流式连接。',
      },
    },
    docs: {
      en: {
        title: 'No graceful shutdown',
        why: 'Orchestrators stop a container with SIGTERM, then SIGKILL after a grace period. Node exits at once on SIGTERM unless the app handles it, so open requests, SSE streams and DB transactions are cut off.',
        risk: 'Errors and half-written work on every deploy, restart or autoscale event; connections to databases and queues are not released cleanly.',
        fix: 'On SIGTERM/SIGINT stop accepting connections (`server.close()`, `fastify.close()`, Nest `app.enableShutdownHooks()`), let in-flight requests finish, close DB/Redis clients, then exit; or use @godaddy/terminus, http-terminator or lightship.',
      },
      zh: {
        title: '缺少优雅停机',
        why: '编排系统先发送 SIGTERM、超时后再 SIGKILL。Node 收到 SIGTERM 若无处理会立即退出，进行中的请求、SSE 流和数据库事务被直接切断。',
        risk: '每次发布、重启或自动扩缩容都会产生报错和半途而废的操作；数据库与队列连接无法正常释放。',
        fix: '在 SIGTERM/SIGINT 时停止接收新连接（`server.close()`、`fastify.close()`、Nest `app.enableShutdownHooks()`），等待进行中的请求完成，关闭 DB/Redis 客户端后再退出；或使用 @godaddy/terminus、http-terminator、lightship。',
      },
    },
    examples: {
      bad: "const server = app.listen(3000)",
      good: "const server = app.listen(3000)\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)))",
    },
    refs: ['https://expressjs.com/en/advanced/healthcheck-graceful-shutdown.html', 'https://docs.nestjs.com/fundamentals/lifecycle-events#application-shutdown'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const files: { path: string; facts: ShutdownFacts }[] = [];
    return {
      js(file) {
        scope.js(file);
        files.push({ path: file.path, facts: jsShutdownFacts(file) });
      },
      done() {
        const handled = new Set(files.filter((f) => f.facts.handlesShutdown).map((f) => scope.projectOf(f.path, 'js')));
        for (const { path, facts } of files) {
          if (!facts.listen || !scope.isServerCode(path) || handled.has(scope.projectOf(path, 'js'))) continue;
          ctx.report({ messageId: 'listen', evidence: [{ path, line: facts.listen.line, column: facts.listen.column }] });
        }
      },
    };
  },
});
