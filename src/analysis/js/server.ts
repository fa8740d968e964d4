import { importsFrom, type JsImports } from './imports.js';

/** Packages whose import makes a module part of an HTTP service. */
export const JS_WEB_FRAMEWORKS = /^(?:express|koa|@koa\/router|koa-router|fastify|hono|@nestjs\/(?:core|common)|next\/server|@hapi\/hapi|restify|polka|h3|elysia)$/;

/** The web framework a module imports, if any (`http.createServer` counts as `http`). */
export function jsWebFrameworkOf(imports: JsImports): string | undefined {
  for (const b of imports.values()) if (JS_WEB_FRAMEWORKS.test(b.source)) return b.source;
  return importsFrom(imports, /^(?:http|https|http2)$/) ? 'http' : undefined;
}
