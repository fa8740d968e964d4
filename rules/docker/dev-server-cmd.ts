import { defineRule } from '../../src/engine/rule.js';
import { finalStage, stageVariables } from '../../src/analysis/dockerfile.js';
import { classifyCommand } from '../../src/analysis/server-commands.js';
import { isDevDockerfile, packageScripts, runtimeCommand } from './_image.js';

/** Environment switches that put frameworks in development/debug mode. */
const DEV_ENV: Record<string, (value: string) => boolean> = {
  FLASK_DEBUG: (v) => /^(?:1|true|yes|on)$/i.test(v),
  FLASK_ENV: (v) => v.toLowerCase() === 'development',
  NODE_ENV: (v) => v.toLowerCase() === 'development',
  DJANGO_DEBUG: (v) => /^(?:1|true|yes|on)$/i.test(v),
  APP_ENV: (v) => /^(?:dev|development|local)$/i.test(v),
  RAILS_ENV: (v) => v.toLowerCase() === 'development',
};

export default defineRule({
  meta: {
    id: 'docker/dev-server-cmd',
    priority: 'P1',
    category: 'deployment',
    kinds: ['dockerfile'],
    messages: {
      command: {
        en: 'The image starts a development server (`{{what}}`): auto-reload, debug pages and no production tuning.',
        zh: '镜像启动的是开发服务器（`{{what}}`）：自动重载、调试页面，且没有生产级调优。',
      },
      env: {
        en: 'The image sets `{{name}}={{value}}`, which runs the app in development/debug mode.',
        zh: '镜像设置了 `{{name}}={{value}}`，应用会以开发/调试模式运行。',
      },
    },
    docs: {
      en: {
        title: 'Development server in the production image',
        why: 'Dev servers (`npm run dev`, `vite`, `next dev`, `uvicorn --reload`, `flask run`, `manage.py runserver`, `nodemon`) watch files, compile on request and are single-process; debug flags expose stack traces and interactive debuggers.',
        risk: 'Slow responses and high memory under real traffic, crashes on file-watcher limits, and debug pages that leak source code, settings and secrets — Werkzeug\'s debugger even allows code execution.',
        fix: 'Build the app in the image and start the production server: `next start` / `node dist/main.js`, `gunicorn -k uvicorn.workers.UvicornWorker`, `uvicorn` without `--reload`, `gunicorn` for Flask/Django; set `NODE_ENV=production` and turn debug flags off.',
      },
      zh: {
        title: '生产镜像中运行开发服务器',
        why: '开发服务器（`npm run dev`、`vite`、`next dev`、`uvicorn --reload`、`flask run`、`manage.py runserver`、`nodemon`）会监听文件、按请求编译且是单进程；调试开关会暴露堆栈和交互式调试器。',
        risk: '真实流量下响应慢、内存高，可能因文件监听上限崩溃；调试页面会泄露源码、配置和密钥，Werkzeug 调试器甚至允许执行代码。',
        fix: '在镜像中完成构建并启动生产服务器：`next start` / `node dist/main.js`、`gunicorn -k uvicorn.workers.UvicornWorker`、不带 `--reload` 的 `uvicorn`、Flask/Django 使用 `gunicorn`；设置 `NODE_ENV=production` 并关闭调试开关。',
      },
    },
    examples: {
      bad: 'FROM node:20-alpine\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "dev"]',
      good: 'FROM node:20-alpine\nCOPY . .\nRUN npm ci && npm run build\nENV NODE_ENV=production\nCMD ["npm", "start"]',
    },
    refs: ['https://flask.palletsprojects.com/en/stable/deploying/', 'https://www.uvicorn.org/deployment/'],
  },
  create(ctx) {
    return {
      dockerfile(file) {
        // A Dockerfile.dev is meant to run the dev server.
        if (isDevDockerfile(file.path)) return;
        const stage = finalStage(file.model);
        if (!stage) return;
        const command = runtimeCommand(stage);
        if (command) {
          const verdict = classifyCommand(command.words, packageScripts(file.path, ctx.inventory));
          if (verdict.kind === 'dev-server') {
            ctx.report({ messageId: 'command', data: { what: verdict.what }, evidence: [{ path: file.path, line: command.line, column: command.column }] });
          }
        }
        // Only the last setting of a variable counts; ARGs are not in the running container.
        const last = new Map<string, ReturnType<typeof stageVariables>[number]>();
        for (const v of stageVariables(stage)) if (v.kind === 'ENV') last.set(v.name, v);
        for (const [name, v] of last) {
          const isDev = DEV_ENV[name];
          if (!isDev || v.value === null || !isDev(v.value)) continue;
          ctx.report({ messageId: 'env', data: { name, value: v.value }, evidence: [{ path: file.path, line: v.line, column: v.column }], key: name });
        }
      },
    };
  },
});
