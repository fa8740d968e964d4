import type { JsImports } from '../../src/analysis/js/imports.js';
import type { ImportMap } from '../../src/analysis/python/imports.js';

/**
 * Whether a module shows the application authenticates callers: JWT, sessions, auth frameworks.
 * A wildcard origin matters most when browsers hold credentials for the API.
 */
const PY_AUTH = /^(?:jwt|jose|authlib|passlib|fastapi\.security|fastapi_users|flask_login|flask_jwt_extended|flask_httpauth|django\.contrib\.auth|rest_framework\.(?:authentication|permissions)|rest_framework_simplejwt|itsdangerous|fastapi_jwt_auth|litestar\.security|litestar\.middleware\.authentication|litestar\.exceptions\.(?:NotAuthorizedException|PermissionDeniedException)|aiohttp_security|sanic_jwt|sanic_beskar|quart_auth)(?:\.|$)/;
const JS_AUTH = /^(?:jsonwebtoken|jose|passport(?:-[\w-]+)?|express-session|cookie-session|express-jwt|koa-jwt|koa-session|@fastify\/(?:jwt|session|secure-session|cookie)|@nestjs\/(?:passport|jwt)|next-auth(?:\/.*)?|@auth\/[\w-]+|better-auth|lucia|@clerk\/[\w-]+|firebase-admin\/auth|iron-session|bcrypt|bcryptjs|argon2)$/;

export function authSignalOfPython(imports: ImportMap): string | undefined {
  for (const target of imports.values()) if (PY_AUTH.test(target)) return target;
  return undefined;
}

export function authSignalOfJs(imports: JsImports): string | undefined {
  for (const b of imports.values()) if (JS_AUTH.test(b.source)) return b.source;
  return undefined;
}
