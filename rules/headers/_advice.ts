import { translated } from '../../src/engine/message-words.js';
import type { MessageValue } from '../../src/engine/types.js';

/**
 * Where an app without a reverse proxy sets its security headers, by the framework that serves it
 * (`jsWebFrameworkOf` import source or the Python top-level package).
 */
const ADVICE: [RegExp, MessageValue][] = [
  [/^next(?:\/|$)/, translated('return them from `headers()` in `next.config.js` for `source: "/:path*"`', '在 `next.config.js` 的 `headers()` 中为 `source: "/:path*"` 返回这些响应头')],
  [/^@nestjs\//, translated('`app.use(helmet())` in `main.ts` (helmet)', '在 `main.ts` 中 `app.use(helmet())`（helmet）')],
  [/fastify/, translated('`await app.register(helmet)` (@fastify/helmet)', '`await app.register(helmet)`（@fastify/helmet）')],
  [/^koa/, translated('`app.use(helmet())` (koa-helmet)', '`app.use(helmet())`（koa-helmet）')],
  [/^hono/, translated('`app.use(secureHeaders())` (hono/secure-headers)', '`app.use(secureHeaders())`（hono/secure-headers）')],
  [/^express$/, translated('`app.use(helmet())` (helmet)', '`app.use(helmet())`（helmet）')],
  [
    /^django$/,
    translated(
      '`SecurityMiddleware` with `SECURE_HSTS_SECONDS` and `SECURE_CONTENT_TYPE_NOSNIFF`, plus django-csp for the policy',
      '启用 `SecurityMiddleware` 并设置 `SECURE_HSTS_SECONDS`、`SECURE_CONTENT_TYPE_NOSNIFF`，再用 django-csp 设置 CSP',
    ),
  ],
  [/^(?:flask|quart)$/, translated('Flask-Talisman (`Talisman(app)`)', 'Flask-Talisman（`Talisman(app)`）')],
];

const ANY = translated(
  'a middleware that adds them to every response (for example the `secure` package, or `@app.middleware("http")` in FastAPI)',
  '用中间件为每个响应加上这些头（例如 `secure` 包，或 FastAPI 的 `@app.middleware("http")`）',
);

export function headerAdvice(framework: string): MessageValue {
  return ADVICE.find(([test]) => test.test(framework))?.[1] ?? ANY;
}
