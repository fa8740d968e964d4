import { defineRule } from '../../src/engine/rule.js';
import { isDotenvTemplate } from '../../src/io/classify.js';
import { basename, dirname } from '../../src/io/paths.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import { yamlNamedValues } from '../../src/analysis/secrets/assignments.js';
import { debugEnvSetting, pyDebugFlags, type PyDebugFlag } from '../../src/analysis/secrets/debug-flags.js';

/** Python files whose module-level `DEBUG` is the deployed setting. */
const SETTINGS_FILE = /(?:^|\/)(?:settings|config|production|prod)\.py$|(?:^|\/)settings\/(?!(?:dev|development|local|test|testing|ci)\w*\.py$)[\w]+\.py$/i;
/** Env and compose files for development, where debug belongs. */
const DEV_FILE = /(?:^|[._-])(?:dev|development|local|test|testing|ci|override|example|sample|template)(?:[._-]|$)/i;
/** How deploy files start a Python script: `python app.py`, `["python", "main.py"]`. */
const scriptStart = (file: string) => new RegExp(`python[\\d.]*"?,?\\s*(?:"-u",?\\s*|-u\\s+)?"?(?:[\\w./-]*/)?${file.replace(/\./g, '\\.')}\\b`);

/**
 * Whether `pyDebugFlags` can find anything: every flag is the identifier `DEBUG`, an attribute or
 * keyword `debug`, or the keyword `reload` (Python identifiers are written as is).
 */
function mentionsDebugFlag(text: string): boolean {
  return /DEBUG|debug|reload/.test(text);
}

export default defineRule({
  meta: {
    id: 'config/debug-enabled',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'dotenv', 'compose'],
    messages: {
      'django-debug': {
        en: '`DEBUG` is on in these settings: errors render full tracebacks with settings and local variables to any visitor.',
        zh: '该配置中开启了 `DEBUG`：出错时会向任何访问者展示完整堆栈、配置和局部变量。',
      },
      'flask-run': {
        en: '`app.run(debug=True)` starts the Werkzeug debugger, which lets anyone who triggers an error run Python code on the server.',
        zh: '`app.run(debug=True)` 会启用 Werkzeug 调试器，任何能触发异常的人都可以在服务器上执行 Python 代码。',
      },
      'app-debug': {
        en: '`app.debug = True` turns on debug mode: interactive tracebacks and reloading in production.',
        zh: '`app.debug = True` 开启调试模式：生产环境中会暴露交互式堆栈并自动重载。',
      },
      'fastapi-debug': {
        en: '`debug=True` makes the app return full tracebacks to clients on server errors.',
        zh: '`debug=True` 会在服务端出错时把完整堆栈返回给客户端。',
      },
      'uvicorn-reload': {
        en: '`uvicorn.run(..., reload=True)` runs the development auto-reloader: a file watcher, one worker, restarts on any change.',
        zh: '`uvicorn.run(..., reload=True)` 使用开发用的自动重载：监听文件变化、只有单个 worker、任何改动都会重启。',
      },
      env: {
        en: '`{{key}}={{value}}` in `{{file}}` switches the service into debug/development mode.',
        zh: '`{{file}}` 中的 `{{key}}={{value}}` 会让服务以调试/开发模式运行。',
      },
    },
    docs: {
      en: {
        title: 'Debug mode enabled in production configuration',
        why: 'Debug modes trade safety for convenience: detailed error pages, interactive debuggers, auto-reload and unoptimised builds.',
        risk: 'Tracebacks leak code, settings and secrets; the Werkzeug debugger is remote code execution; reloaders waste resources and restart mid-request.',
        fix: 'Default debug to off and enable it only in development (`DEBUG = env.bool("DEBUG", default=False)`); run production with gunicorn/uvicorn workers without `--reload`, and set `NODE_ENV=production`.',
      },
      zh: {
        title: '生产配置开启了调试模式',
        why: '调试模式以安全换便利：详细错误页、交互式调试器、自动重载和未优化的构建。',
        risk: '堆栈信息会泄露代码、配置和密钥；Werkzeug 调试器等同于远程代码执行；自动重载浪费资源并可能在请求中途重启。',
        fix: '调试开关默认关闭，仅在开发环境开启（如 `DEBUG = env.bool("DEBUG", default=False)`）；生产使用 gunicorn/uvicorn 多 worker 且不加 `--reload`，并设置 `NODE_ENV=production`。',
      },
    },
    examples: { bad: 'DEBUG = True\napp.run(host="0.0.0.0", debug=True)', good: 'DEBUG = os.getenv("DEBUG", "false").lower() == "true"' },
    refs: ['https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug', 'https://flask.palletsprojects.com/en/stable/debugging/'],
    tags: ['security'],
  },
  create(ctx) {
    const scripts: { path: string; flag: PyDebugFlag }[] = [];
    return {
      python(file) {
        if (!mentionsDebugFlag(file.text)) return;
        const imports = pyImportsOf(file);
        for (const flag of pyDebugFlags(file.model.root, imports, SETTINGS_FILE.test(file.path))) scripts.push({ path: file.path, flag });
      },
      dotenv(file) {
        const name = basename(file.path);
        if (isDotenvTemplate(file.path) || DEV_FILE.test(name)) return;
        // A plain `.env` beside a `.env.production` is the developer's file.
        const dir = dirname(file.path);
        const hasProductionFile = ['.env.production', '.env.prod'].some((n) => ctx.inventory.has(dir ? `${dir}/${n}` : n));
        if (name === '.env' && hasProductionFile) return;
        for (const e of file.model.entries) {
          if (!debugEnvSetting(e.key, e.value)) continue;
          ctx.report({
            messageId: 'env',
            data: { key: e.key, value: e.value, file: file.path },
            evidence: [{ path: file.path, line: e.line }],
          });
        }
      },
      compose(file) {
        if (DEV_FILE.test(basename(file.path))) return;
        for (const v of yamlNamedValues(file.model)) {
          if (!debugEnvSetting(v.key, String(v.value))) continue;
          ctx.report({ messageId: 'env', data: { key: v.key, value: v.value, file: file.path }, evidence: [{ path: file.path, line: v.line }] });
        }
      },
      done() {
        const deployTexts = ctx.inventory.files
          .filter((f) => /(?:^|\/)(?:Dockerfile[^/]*|[^/]*\.dockerfile|(?:docker-)?compose[^/]*\.ya?ml|Procfile|[^/]*\.sh)$/i.test(f.path))
          .map((f) => ctx.inventory.text(f.path) ?? '');
        for (const { path, flag } of scripts) {
          const started = deployTexts.some((t) => scriptStart(basename(path)).test(t));
          const grade =
            flag.mainGuarded && !started
              ? { priority: 'P2' as const, reason: 'under `if __name__ == "__main__"`: only when run as a script, and no deploy file starts it that way' }
              : {};
          ctx.report({ messageId: flag.what, evidence: [{ path, line: flag.line }], ...grade });
        }
      },
    };
  },
});
