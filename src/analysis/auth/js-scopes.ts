import type { Node } from '@babel/types';
import { isFunction, lineOf, walk } from '../js/ast.js';
import { importsFrom, objectKey, type JsImports } from '../js/imports.js';
import { pluginFunctions, pluginOf, unwrapPlugin } from '../js/plugins.js';
import { lastSegment, memberPath, resolveName } from '../js/names.js';
import { objectProperty, staticString } from '../js/values.js';
import { jsHandlerChecks } from './handler-checks.js';
import { isAuthGuardName, isLimitGuardName } from './names.js';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf } from '../facts.js';
import { resolveImport } from '../js/resolve-import.js';
import { Memo } from '../memo.js';

/**
 * Middleware that runs before routes, by scope: `app.use(auth)`, `router.use('/admin', auth,
 * adminRouter)`, fastify `addHook('onRequest', …)` and `register(rateLimit)`, Nest global guards,
 * and per-route options (`{ onRequest: [fastify.authenticate] }`). Plain data; router keys are
 * those of the route collector (`src/app.ts#router`, imports followed).
 */
export interface JsUse {
  file: string;
  /** Router/app key the middleware is attached to. */
  owner: string;
  line: number;
  prefix: string;
  auth: boolean;
  limit: boolean;
  /** Routers mounted by the same call (`app.use('/admin', auth, adminRouter)`). */
  children: string[];
  /** Declared in a `fastify-plugin` plugin: it reaches the scope that registers it, usually the root. */
  global?: boolean;
}

export interface JsScopeFacts {
  uses: JsUse[];
  /** Nest `APP_GUARD` / `useGlobalGuards`: every Nest route is guarded. */
  nestGlobalAuth: boolean;
  nestGlobalLimit: boolean;
  /** Guards in route options, by `file:line` of the route call. */
  routeOptions: Map<string, { auth: boolean; limit: boolean }>;
}

export function emptyScopes(): JsScopeFacts {
  return { uses: [], nestGlobalAuth: false, nestGlobalLimit: false, routeOptions: new Map() };
}

const AUTH_LIBS = /^(?:express-jwt|koa-jwt|passport|@clerk\/|express-openid-connect|@auth0\/|express-basic-auth|koa-basic-auth|@fastify\/(?:jwt|auth|basic-auth|bearer-auth)|express-bearer-token|keycloak-connect|next-auth|@supabase\/auth-helpers)/;
const LIMIT_LIBS = /^(?:express-rate-limit|express-slow-down|rate-limiter-flexible|koa-ratelimit|koa2-ratelimit|@fastify\/rate-limit|fastify-rate-limit|express-brute|hono-rate-limiter|@upstash\/ratelimit|@nestjs\/throttler)$/;
const ROUTE_HOOKS = ['onRequest', 'preHandler', 'preValidation', 'preParsing', 'beforeHandler'];

function classify(arg: Node, imports: JsImports): { auth: boolean; limit: boolean; name?: string } {
  // `jwt({ secret }).unless({ path })`, `auth().optional`: judge the innermost call.
  if (arg.type === 'CallExpression' && arg.callee.type === 'MemberExpression' && arg.callee.object.type === 'CallExpression') return classify(arg.callee.object, imports);
  // An inline hook or middleware: `addHook('onRequest', async (req) => { await req.jwtVerify() })`.
  if (isFunction(arg)) {
    // `(err, req, res, next)` is an error handler: answering 401 there authenticates nothing.
    if ((arg as { params: Node[] }).params.length === 4) return { auth: false, limit: false };
    const checks = jsHandlerChecks(arg);
    return { auth: checks.auth, limit: checks.throttle };
  }
  const target = arg.type === 'CallExpression' || arg.type === 'NewExpression' ? arg.callee : arg;
  const written = memberPath(target);
  if (arg.type === 'ArrayExpression') {
    const parts = arg.elements.filter((e): e is NonNullable<typeof e> => !!e && e.type !== 'SpreadElement').map((e) => classify(e as Node, imports));
    return { auth: parts.some((p) => p.auth), limit: parts.some((p) => p.limit) };
  }
  if (!written) return { auth: false, limit: false };
  const binding = imports.get(written.split('.')[0]);
  const source = binding?.source ?? '';
  const resolved = resolveName(written, imports) ?? written;
  const bare = lastSegment(written) ?? written;
  return {
    auth: AUTH_LIBS.test(source) || isAuthGuardName(bare) || (isAuthGuardName(written) && !isLimitGuardName(written)),
    limit: LIMIT_LIBS.test(source) || isLimitGuardName(bare) || isLimitGuardName(resolved),
    name: written,
  };
}

/**
 * auth/no-authentication, auth/unprotected-route and auth/no-login-throttle all read the same
 * module's scopes: computed once per model (shared between rules) and merged. Plain data that
 * nobody mutates after the file's own pass.
 */
const cache = new Memo<object, JsScopeFacts>();

/** A module's middleware scopes, added to `into` (imports resolved through the inventory). */
export function collectJsScopes(file: ParsedFile<'js'>, inventory: Inventory, into: JsScopeFacts): void {
  let facts = cache.get(file.model);
  if (!facts) {
    facts = emptyScopes();
    jsScopes(file.model.ast, jsImportsOf(file), file.path, (p) => inventory.has(p), facts, (from, s) => resolveImport(from, s, inventory));
    cache.set(file.model, facts);
  }
  for (const u of facts.uses) into.uses.push(u);
  if (facts.nestGlobalAuth) into.nestGlobalAuth = true;
  if (facts.nestGlobalLimit) into.nestGlobalLimit = true;
  for (const [key, o] of facts.routeOptions) into.routeOptions.set(key, o);
}

function jsScopes(
  ast: Node,
  imports: JsImports,
  path: string,
  has: (p: string) => boolean,
  into: JsScopeFacts,
  /** Resolves non-relative specifiers (tsconfig `paths` aliases). */
  resolve?: (from: string, specifier: string) => string | undefined,
): void {
  const keyOf = (local: string) => objectKey(local, path, imports, has, resolve);
  const plugins = pluginFunctions(ast, imports, path, importsFrom(imports, /^(?:fastify|fastify-plugin|@fastify\/.*)$/));
  walk(ast, (node, ancestors) => {
    // Inline plugins: `app.register(async (instance) => { instance.addHook(…) })` (keys as the route extractor makes them).
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && node.callee.property.name === 'register') {
      const inline = unwrapPlugin(node.arguments[0] as Node, imports);
      if (inline && inline.fn.params[0]?.type === 'Identifier') {
        plugins.set(inline.fn, { key: `${path}#${inline.fn.params[0].name}@${lineOf(inline.fn)}`, param: inline.fn.params[0].name, encapsulated: !inline.wrapped, fastify: true });
      }
    }
    if (node.type === 'ObjectExpression') {
      const provide = memberPath(objectProperty(node, 'provide'));
      if (provide === 'APP_GUARD') {
        const cls = memberPath(objectProperty(node, 'useClass') ?? objectProperty(node, 'useExisting'));
        if (cls && isLimitGuardName(cls)) into.nestGlobalLimit = true;
        else if (cls && isAuthGuardName(cls)) into.nestGlobalAuth = true;
      }
    }
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
    const method = node.callee.property.type === 'Identifier' ? node.callee.property.name : '';
    const owner = memberPath(node.callee.object);
    const args = node.arguments as Node[];
    if (method === 'useGlobalGuards') {
      for (const a of args) {
        const c = classify(a, imports);
        if (c.limit) into.nestGlobalLimit = true;
        else if (c.auth) into.nestGlobalAuth = true;
      }
      return undefined;
    }
    if (!owner) return undefined;
    // Route options: app.get('/x', { onRequest: [app.authenticate], config: { rateLimit } }, handler)
    if (/^(?:get|post|put|patch|delete|all|route)$/.test(method)) {
      for (const a of args) {
        if (a.type !== 'ObjectExpression') continue;
        let auth = false;
        let limit = false;
        for (const hook of ROUTE_HOOKS) {
          const v = objectProperty(a, hook);
          if (v) {
            const c = classify(v, imports);
            auth ||= c.auth;
            limit ||= c.limit;
          }
        }
        if (objectProperty(objectProperty(a, 'config'), 'rateLimit')) limit = true;
        if (auth || limit) into.routeOptions.set(`${path}:${lineOf(node)}`, { auth, limit });
      }
      return undefined;
    }
    if (method === 'use' || method === 'addHook' || method === 'register') {
      let rest = args;
      let prefix = '';
      const first = staticString(args[0]);
      if (method === 'addHook') rest = args.slice(1);
      else if (first !== undefined) {
        prefix = first;
        rest = args.slice(1);
      }
      if (method === 'register') {
        prefix = staticString(objectProperty(args[1], 'prefix')) ?? '';
        rest = args.slice(0, 1);
      }
      let auth = false;
      let limit = false;
      const children: string[] = [];
      for (const a of rest) {
        const c = classify(a, imports);
        // Registering an auth plugin or initialising passport only decorates; it protects nothing.
        if (method === 'register' || /\.(?:initialize|session)$/.test(c.name ?? '')) c.auth = false;
        if (c.auth || c.limit) {
          auth ||= c.auth;
          limit ||= c.limit;
          continue;
        }
        // koa: router.routes(); express: a router variable
        const mounted = a.type === 'CallExpression' && a.callee.type === 'MemberExpression' && lastSegment(memberPath(a.callee)) === 'routes' ? memberPath(a.callee.object) : memberPath(a);
        if (mounted) children.push(keyOf(mounted));
      }
      const plugin = pluginOf(owner, ancestors, plugins);
      into.uses.push({ file: path, owner: plugin?.key ?? keyOf(owner), line: lineOf(node), prefix, auth, limit, children, ...(plugin && !plugin.encapsulated ? { global: true } : {}) });
    }
    return undefined;
  });
}

/** Whether middleware of a kind runs before a route on `owner` at `line` (mounts followed upward). */
export function scopeCovers(facts: JsScopeFacts, kind: 'auth' | 'limit', owner: string, file: string, line: number, path: string, depth = 0): boolean {
  if (depth > 6) return false;
  for (const u of facts.uses) {
    if ((u.owner !== owner && !u.global) || !u[kind]) continue;
    const before = u.file !== file || u.line <= line;
    const inPrefix = !u.prefix || u.prefix === '/' || path.startsWith(u.prefix) || u.children.length > 0;
    if (u.children.length === 0 && before && inPrefix) return true;
  }
  for (const u of facts.uses) {
    if (!u.children.includes(owner)) continue;
    if (u[kind]) return true;
    if (scopeCovers(facts, kind, u.owner, u.file, u.line, u.prefix + path, depth + 1)) return true;
  }
  return false;
}
