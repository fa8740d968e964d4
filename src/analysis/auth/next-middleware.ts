import type { Node } from '@babel/types';
import { dirname } from '../../io/paths.js';
import { isFunction } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { memberPath } from '../js/names.js';
import { objectProperty } from '../js/values.js';
import { jsHandlerChecks } from './handler-checks.js';
import { isAuthGuardName } from './names.js';

/**
 * Next.js `middleware.ts` that authenticates: it runs before every route handler its `matcher`
 * selects (all of them without a matcher). Plain data, one per middleware file.
 */
export interface NextAuthMiddleware {
  /** Folder of the Next.js project (the middleware's folder, `src/` removed). */
  root: string;
  /** Compiled `config.matcher` entries; undefined means every path. */
  matchers?: RegExp[];
  path: string;
}

/** Auth libraries whose middleware export guards routes (`export { default } from 'next-auth/middleware'`). */
const AUTH_MIDDLEWARE_LIBS = /^(?:next-auth|@auth\/|@clerk\/nextjs|@auth0\/nextjs-auth0|@supabase\/(?:ssr|auth-helpers-nextjs)|@kinde-oss\/|next-firebase-auth-edge|@workos-inc\/authkit-nextjs|better-auth|lucia)/;

export function isNextMiddlewarePath(path: string): boolean {
  return /^(?:.*\/)?(?:src\/)?middleware\.[cm]?[jt]s$/.test(path) && !/(?:^|\/)(?:node_modules|pages|app)\//.test(path);
}

/** The auth middleware a `middleware.ts` declares, or undefined when it does not authenticate. */
export function nextAuthMiddleware(ast: Node, imports: JsImports, path: string): NextAuthMiddleware | undefined {
  const program = ast.type === 'File' ? ast.program : ast;
  if (program.type !== 'Program') return undefined;
  let auth = false;
  let config: Node | undefined;
  const judge = (value: Node | null | undefined) => {
    if (!value) return;
    if (isFunction(value)) {
      if (jsHandlerChecks(value).auth) auth = true;
      return;
    }
    // withAuth(…), clerkMiddleware(…), auth((req) => …), NextAuth(config).auth
    const callee = value.type === 'CallExpression' ? value.callee : value;
    const written = memberPath(callee) ?? '';
    const binding = imports.get(written.split('.')[0]);
    if ((binding && AUTH_MIDDLEWARE_LIBS.test(binding.source)) || isAuthGuardName(written.split('.').pop() ?? '')) auth = true;
  };
  for (const s of program.body) {
    if (s.type === 'ExportNamedDeclaration') {
      // export { default } from 'next-auth/middleware'; export { auth as middleware } from '@/auth'
      if (s.source) {
        for (const spec of s.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
          const local = spec.type === 'ExportSpecifier' ? spec.local.name : '';
          if ((exported === 'default' || exported === 'middleware') && (AUTH_MIDDLEWARE_LIBS.test(s.source.value) || isAuthGuardName(local))) auth = true;
        }
      }
      const d = s.declaration;
      if (d?.type === 'FunctionDeclaration' && d.id?.name === 'middleware') judge(d);
      if (d?.type === 'VariableDeclaration') {
        for (const v of d.declarations) {
          if (v.id.type !== 'Identifier') continue;
          if (v.id.name === 'middleware') judge(v.init);
          if (v.id.name === 'config') config = v.init ?? undefined;
        }
      }
    }
    if (s.type === 'ExportDefaultDeclaration') judge(s.declaration as Node);
  }
  if (!auth) return undefined;
  const dir = dirname(path);
  const root = dir === 'src' ? '' : dir.endsWith('/src') ? dir.slice(0, -4) : dir;
  return { root, matchers: matchersOf(config), path };
}

function matchersOf(config: Node | undefined): RegExp[] | undefined {
  const matcher = objectProperty(config, 'matcher');
  if (!matcher) return undefined;
  const sources: string[] = [];
  const take = (n: Node | null | undefined) => {
    if (n?.type === 'StringLiteral') sources.push(n.value);
    else if (n?.type === 'ObjectExpression') take(objectProperty(n, 'source'));
  };
  if (matcher.type === 'ArrayExpression') for (const e of matcher.elements) take(e as Node | null);
  else take(matcher);
  if (!sources.length) return undefined;
  return sources.map(compileMatcher).filter((r): r is RegExp => !!r);
}

/** A path-to-regexp matcher (`/api/admin/:path*`, `/((?!api/health|_next).*)`) as a RegExp. */
export function compileMatcher(source: string): RegExp | undefined {
  const pattern = source
    .replace(/\/:\w+\*/g, '(?:/.*)?')
    .replace(/\/:\w+\+/g, '(?:/.+)')
    .replace(/\/:\w+\?/g, '(?:/[^/]+)?')
    .replace(/:\w+/g, '[^/]+');
  try {
    return new RegExp(`^${pattern}$`);
  } catch {
    return undefined;
  }
}

/** Whether an auth middleware runs before a Next.js route at `urlPath` declared in `file`. */
export function nextMiddlewareCovers(middlewares: readonly NextAuthMiddleware[], file: string, urlPath: string): boolean {
  return middlewares.some((m) => {
    if (m.root && !file.startsWith(`${m.root}/`)) return false;
    if (!m.matchers) return true;
    // Next.js matches the concrete URL; a dynamic segment stands for some value.
    const concrete = urlPath.replace(/:\w+/g, 'x').replace(/\*/g, 'x');
    return m.matchers.some((r) => r.test(concrete));
  });
}
