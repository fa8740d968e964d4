import { defineRule } from '../../src/engine/rule.js';
import { jsFileSinks, pyFileSinks, type FileSink } from '../../src/analysis/logging/file-sinks.js';
import { ServerScope } from '../../src/analysis/server-scope.js';

const LOGROTATE = /(?:^|\/)logrotate\.d\/|logrotate[^/]*$/i;

export default defineRule({
  meta: {
    id: 'logging/no-rotation',
    priority: 'P1',
    category: 'observability',
    kinds: ['python', 'js'],
    messages: {
      sink: {
        en: 'Logs are written to a local file by `{{sink}}`, which never rotates it, and the repository has no logrotate config: a long-running service fills the disk.',
        zh: '通过 `{{sink}}` 把日志写入本地文件且不会轮转，仓库中也没有 logrotate 配置：长期运行会写满磁盘。',
      },
    },
    docs: {
      en: {
        title: 'File logging without rotation',
        why: 'A plain file handler/transport appends forever; nothing caps the size or age of the file unless a rotating handler or logrotate does.',
        risk: 'The disk fills up and the service (and often the database beside it) stops writing and fails; huge log files are also slow to search and ship.',
        fix: 'Log to stdout and let the platform collect it, or rotate: `RotatingFileHandler`/`TimedRotatingFileHandler`, loguru `rotation=`/`retention=`, winston `maxsize`/`maxFiles` or winston-daily-rotate-file, pino-roll, bunyan `rotating-file`, or a logrotate config (with `WatchedFileHandler`).',
      },
      zh: {
        title: '文件日志无轮转',
        why: '普通文件 handler/transport 会无限追加；除非使用轮转 handler 或 logrotate，否则文件大小和保留时间不受限制。',
        risk: '磁盘被写满后服务（常常连同同机数据库）无法写入而故障；超大日志文件也难以检索和采集。',
        fix: '日志输出到 stdout 由平台采集，或启用轮转：`RotatingFileHandler`/`TimedRotatingFileHandler`、loguru `rotation=`/`retention=`、winston `maxsize`/`maxFiles` 或 winston-daily-rotate-file、pino-roll、bunyan `rotating-file`，或配置 logrotate（配合 `WatchedFileHandler`）。',
      },
    },
    examples: {
      bad: 'handler = logging.FileHandler("logs/app.log")\nlogger.addHandler(handler)',
      good: 'handler = RotatingFileHandler("logs/app.log", maxBytes=50_000_000, backupCount=5)\nlogger.addHandler(handler)',
    },
    refs: ['https://docs.python.org/3/library/logging.handlers.html#rotatingfilehandler', 'https://github.com/winstonjs/winston-daily-rotate-file'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const found: { path: string; sinks: FileSink[] }[] = [];
    return {
      python(file) {
        scope.python(file);
        const sinks = pyFileSinks(file);
        if (sinks.length) found.push({ path: file.path, sinks });
      },
      js(file) {
        scope.js(file);
        const sinks = jsFileSinks(file);
        if (sinks.length) found.push({ path: file.path, sinks });
      },
      done() {
        if (ctx.inventory.files.some((f) => LOGROTATE.test(f.path))) return;
        for (const { path, sinks } of found) {
          if (!scope.isServerCode(path)) continue;
          for (const s of sinks) ctx.report({ messageId: 'sink', data: { sink: s.sink }, evidence: [{ path, line: s.line, column: s.column }] });
        }
      },
    };
  },
});
