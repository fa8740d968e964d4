import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { walk as jsWalk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { lastSegment as jsLast, memberPath, memberPropertyName } from '../js/names.js';
import { dottedName, lineOf, walk } from '../python/ast.js';
import { lastSegment } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';

/**
 * Signs that an application authenticates callers somewhere, beyond route guards: an auth
 * library imported, a credential header read, a constant-time key comparison, the current user
 * read, a 401 raised. Deliberately broad: a rule that says "no authentication anywhere" must
 * stay silent at the faintest sign of it. Plain data.
 */
export interface AuthSign {
  file: string;
  line: number;
  what: string;
}

const PY_AUTH_MODULE =
  /^(?:fastapi\.security|fastapi_users|fastapi_jwt_auth|fastapi_login|fastapi_azure_auth|fastapi_auth0|fastapi_keycloak|starlette\.authentication|starlette\.middleware\.authentication|flask_login|flask_jwt_extended|flask_jwt|flask_httpauth|flask_security|flask_praetorian|flask_user|quart_auth|sanic_jwt|litestar\.security|aiohttp_security|jwt|jose|authlib|passlib|bcrypt|argon2|django\.contrib\.auth\.(?:decorators|mixins)|rest_framework\.(?:permissions|authentication)|rest_framework_simplejwt|knox|oauth2_provider|firebase_admin\.auth|keycloak|auth0)(?:\.|$)/;

const JS_AUTH_MODULE =
  /^(?:passport(?:-[\w-]+)?|express-jwt|koa-jwt|jsonwebtoken|jose|jwks-rsa|@nestjs\/passport|@nestjs\/jwt|next-auth(?:\/.*)?|@auth\/.+|@clerk\/.+|lucia|@lucia-auth\/.+|better-auth(?:\/.*)?|@supabase\/auth-helpers-\w+|@supabase\/ssr|firebase-admin\/auth|express-openid-connect|@auth0\/.+|express-basic-auth|koa-basic-auth|@fastify\/(?:jwt|auth|basic-auth|bearer-auth|session|secure-session)|express-bearer-token|keycloak-connect|bcrypt|bcryptjs|argon2|iron-session|express-session|cookie-session|koa-session|hono\/(?:jwt|bearer-auth|basic-auth)|@hono\/(?:clerk-auth|auth-js|firebase-auth)|@kinde-oss\/.+|@workos-inc\/.+|@okta\/.+|oidc-provider|openid-client|@azure\/msal-node)$/;

/** A request header that carries a credential: Authorization, X-API-Key, X-Auth-Token… */
const CREDENTIAL_HEADER = /^(?:http_)?(?:x[-_])?[\w-]*(?:authorization|api[-_]?key|token|secret|auth)$/i;
/** Parameters bound to such a header (`x_api_key: str = Header(...)`). */
const CREDENTIAL_PARAM = /^(?:x_)?(?:api_?key|apikey|authorization|auth_?token|access_?token|token|x_token|secret)$/i;

const PY_USER_READ = /(?:^|\.)(?:is_authenticated|current_user|has_perm|has_perms|login_user|get_jwt_identity|HTTP_401_UNAUTHORIZED)$|^request\.(?:user|auth)$/;
const JS_USER_READ = /^(?:req|request|ctx\.state|ctx\.request|c)\.(?:user|auth)$|(?:^|\.)(?:getServerSession|currentUser|isAuthenticated|UnauthorizedException)$/;

/** Last names of the calls pyAuthSigns looks at (compare_digest, header reads, Header(), 401s). */
const PY_SIGN_CALLS = new Set(['compare_digest', 'get', 'get_header', 'Header', 'abort', 'HTTPException', 'HTTPUnauthorized', 'Unauthorized']);
/** Last names PY_USER_READ accepts. */
const PY_USER_NAMES = new Set(['is_authenticated', 'current_user', 'has_perm', 'has_perms', 'login_user', 'get_jwt_identity', 'HTTP_401_UNAUTHORIZED', 'user', 'auth']);
/** Last names of the calls jsAuthSigns looks at, JS_USER_READ's included. */
const JS_SIGN_CALLS = new Set(['timingSafeEqual', 'status', 'sendStatus', 'throw', 'code', 'get', 'header', 'getHeader', 'user', 'auth', 'getServerSession', 'currentUser', 'isAuthenticated', 'UnauthorizedException']);
/** Last names JS_USER_READ accepts (a credential header name is the other way in). */
const JS_USER_NAMES = new Set(['user', 'auth', 'getServerSession', 'currentUser', 'isAuthenticated', 'UnauthorizedException']);

/**
 * What follows the last dot of `memberPath(node)`, without building the path (undefined when it
 * gives none): a computed key may hold dots itself.
 */
function lastName(node: Node | null | undefined): string | undefined {
  const last = lastProperty(node);
  return last === undefined ? undefined : last.slice(last.lastIndexOf('.') + 1);
}

function lastProperty(node: Node | null | undefined): string | undefined {
  for (let n = node; n; ) {
    switch (n.type) {
      case 'Identifier':
        return n.name;
      case 'ThisExpression':
        return 'this';
      case 'Super':
        return 'super';
      case 'MetaProperty':
        return n.property.name;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return memberPropertyName(n);
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TypeCastExpression':
      case 'ParenthesizedExpression':
        n = n.expression;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

export function pyAuthSigns(root: PyNode, imports: ImportMap, file: string): AuthSign[] {
  const signs: AuthSign[] = [];
  for (const qualified of imports.values()) {
    if (PY_AUTH_MODULE.test(qualified)) signs.push({ file, line: 0, what: `import ${qualified}` });
  }
  walk(root, (node) => {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      // Every check below needs one of these last names: the dotted name only for them.
      const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
      if (last === undefined || !PY_SIGN_CALLS.has(last)) return undefined;
      const name = dottedName(fn) ?? '';
      const method = lastSegment(name) ?? '';
      const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is PyNode => !!a) ?? [];
      const first = stringValue(args[0]);
      if (method === 'compare_digest') signs.push({ file, line: lineOf(node), what: name });
      if ((/(?:^|\.)headers\.get$/.test(name) || method === 'get_header') && first && CREDENTIAL_HEADER.test(first)) signs.push({ file, line: lineOf(node), what: `${name}(${first})` });
      if (method === 'Header' && (headerAlias(args) || CREDENTIAL_PARAM.test(parameterName(node) ?? ''))) signs.push({ file, line: lineOf(node), what: 'Header()' });
      if (/(?:^|\.)(?:abort|HTTPException|HTTPUnauthorized|Unauthorized)$/.test(name) && args.some((a) => a.text === '401' || /^status_code\s*=\s*401$/.test(a.text))) signs.push({ file, line: lineOf(node), what: `${name}(401)` });
    } else if (node.type === 'subscript') {
      const owner = dottedName(node.childForFieldName('value')) ?? '';
      const key = stringValue(node.childForFieldName('subscript'));
      if (/(?:^|\.)(?:headers|META)$/.test(owner) && key && CREDENTIAL_HEADER.test(key)) signs.push({ file, line: lineOf(node), what: `${owner}[${key}]` });
    } else if (node.type === 'attribute' || node.type === 'identifier') {
      // PY_USER_READ ends with one of these names.
      const last = node.type === 'identifier' ? node.text : node.childForFieldName('attribute')?.text;
      if (last === undefined || !PY_USER_NAMES.has(last)) return undefined;
      const name = node.type === 'identifier' ? node.text : dottedName(node);
      if (name && PY_USER_READ.test(name)) signs.push({ file, line: lineOf(node), what: name });
    }
    return undefined;
  });
  return signs;
}

function headerAlias(args: PyNode[]): boolean {
  return args.some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'alias' && CREDENTIAL_HEADER.test(stringValue(a.childForFieldName('value')) ?? ''));
}

/** The name of the parameter whose default is this node. */
function parameterName(node: PyNode): string | undefined {
  const p = node.parent;
  if (p?.type !== 'default_parameter' && p?.type !== 'typed_default_parameter') return undefined;
  return p.childForFieldName('name')?.text;
}

export function jsAuthSigns(ast: Node, imports: JsImports, file: string): AuthSign[] {
  const signs: AuthSign[] = [];
  const seenSources = new Set<string>();
  for (const binding of imports.values()) {
    if (JS_AUTH_MODULE.test(binding.source) && !seenSources.has(binding.source)) {
      seenSources.add(binding.source);
      signs.push({ file, line: binding.line, what: `import ${binding.source}` });
    }
  }
  jsWalk(ast, (node, ancestors) => {
    const line = node.loc?.start.line ?? 0;
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      // Both checks below end with a credential header or a JS_USER_READ name.
      const last = lastName(node);
      if (last === undefined || (!JS_USER_NAMES.has(last) && !CREDENTIAL_HEADER.test(last))) return undefined;
      const parent = ancestors[ancestors.length - 1];
      // Setting a header on an outgoing request is a client, not a check.
      if (parent?.type === 'AssignmentExpression' && parent.left === node) return undefined;
      const path = memberPath(node);
      if (!path) return undefined;
      const m = /(?:^|\.)headers\.([^.]+)$/.exec(path);
      if (m && CREDENTIAL_HEADER.test(m[1])) signs.push({ file, line, what: path });
      else if (JS_USER_READ.test(path)) signs.push({ file, line, what: path });
    } else if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
      const last = lastName(node.callee);
      if (last === undefined || !JS_SIGN_CALLS.has(last)) return undefined;
      const callee = memberPath(node.callee) ?? '';
      const method = jsLast(callee) ?? '';
      const first = node.arguments[0];
      const header = first?.type === 'StringLiteral' ? first.value : undefined;
      if (method === 'timingSafeEqual') signs.push({ file, line, what: callee });
      else if (/^(?:status|sendStatus|throw|code)$/.test(method) && first?.type === 'NumericLiteral' && first.value === 401) signs.push({ file, line, what: `${callee}(401)` });
      else if (/^(?:get|header|getHeader)$/.test(method) && /(?:^|\.)(?:req|request|ctx|headers|c\.req)$|headers\(\)$/.test(callee.slice(0, -method.length - 1) || '') && header && CREDENTIAL_HEADER.test(header)) signs.push({ file, line, what: `${callee}(${header})` });
      else if (/^(?:get|header|getHeader)$/.test(method) && node.callee.type === 'MemberExpression' && node.callee.object.type === 'CallExpression' && jsLast(memberPath(node.callee.object.callee)) === 'headers' && header && CREDENTIAL_HEADER.test(header)) signs.push({ file, line, what: `headers().${method}(${header})` });
      else if (JS_USER_READ.test(callee)) signs.push({ file, line, what: callee });
    } else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      // A Nest guard of one's own: `class ApiKeyGuard implements CanActivate`.
      const implemented = (node.implements ?? []).map((i) => (i.type === 'TSExpressionWithTypeArguments' ? memberPath(i.expression as Node) : undefined));
      const name = node.id?.name ?? '';
      if (implemented.includes('CanActivate') && !/throttl|limit/i.test(name)) signs.push({ file, line, what: `${name} implements CanActivate` });
    }
    return undefined;
  });
  return signs;
}
