import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { walk as jsWalk } from '../js/ast.js';
import { lastSegment as jsLast, memberPath, memberPropertyName } from '../js/names.js';
import { dottedName, walk } from '../python/ast.js';
import { lastSegment } from '../python/calls.js';
import { stringValue } from '../python/values.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';

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

/**
 * Whatever pyHasAuthSign finds spells one of these (Python identifiers have no escapes): an auth
 * module is checked by import first, `compare_digest`, a `headers`/`META` read or `get_header`, a
 * `Header()` parameter, a literal 401, a user read, `request.user`/`request.auth`.
 */
const PY_SIGN_TEXT = /compare_digest|headers|get_header|Header|401|META|is_authenticated|current_user|has_perm|login_user|get_jwt_identity|request/;

/** PY_USER_READ's names that an identifier alone can be (`user`/`auth` only after `request.`). */
const PY_USER_IDENTIFIERS = new Set(['is_authenticated', 'current_user', 'has_perm', 'has_perms', 'login_user', 'get_jwt_identity', 'HTTP_401_UNAUTHORIZED']);

/**
 * Whether a Python module shows any sign of authentication (see AuthSign). no-authentication
 * asks only whether a file has one: the walk stops at the first.
 */
export function pyHasAuthSign(file: ParsedFile<'python'>): boolean {
  for (const qualified of pyImportsOf(file).values()) if (PY_AUTH_MODULE.test(qualified)) return true;
  if (!PY_SIGN_TEXT.test(file.text)) return false;
  const text = file.text;
  let found = false;
  walk(file.model.root, (node) => {
    if (found) return false;
    const type = node.type;
    if (type === 'call') {
      const fn = node.childForFieldName('function');
      // Every check below needs one of these last names: the dotted name only for them.
      const lastNode = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : fn?.type === 'identifier' ? fn : undefined;
      if (!lastNode || !spells(text, lastNode, PY_SIGN_CALLS)) return undefined;
      found = pyCallSign(node, fn!);
    } else if (type === 'subscript') {
      const owner = dottedName(node.childForFieldName('value')) ?? '';
      const key = stringValue(node.childForFieldName('subscript'));
      found = /(?:^|\.)(?:headers|META)$/.test(owner) && !!key && CREDENTIAL_HEADER.test(key);
    } else if (type === 'identifier') {
      // An identifier alone matches PY_USER_READ only as one of these names.
      found = spells(text, node, PY_USER_IDENTIFIERS);
    } else if (type === 'attribute') {
      const attribute = node.childForFieldName('attribute');
      if (!attribute || !spells(text, attribute, PY_USER_NAMES)) return undefined;
      const name = dottedName(node);
      found = !!name && PY_USER_READ.test(name);
    }
    return found ? false : undefined;
  });
  return found;
}

/** Whether a call with one of PY_SIGN_CALLS's last names is a sign. */
function pyCallSign(node: PyNode, fn: PyNode): boolean {
  const name = dottedName(fn) ?? '';
  const method = lastSegment(name) ?? '';
  const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is PyNode => !!a) ?? [];
  const first = stringValue(args[0]);
  if (method === 'compare_digest') return true;
  if ((/(?:^|\.)headers\.get$/.test(name) || method === 'get_header') && first && CREDENTIAL_HEADER.test(first)) return true;
  if (method === 'Header' && (headerAlias(args) || CREDENTIAL_PARAM.test(parameterName(node) ?? ''))) return true;
  return /(?:^|\.)(?:abort|HTTPException|HTTPUnauthorized|Unauthorized)$/.test(name) && args.some((a) => a.text === '401' || /^status_code\s*=\s*401$/.test(a.text));
}

/** Whether a node's text is one of `names`, read in place (no slice per identifier). */
function spells(text: string, node: PyNode, names: ReadonlySet<string>): boolean {
  const length = node.endIndex - node.startIndex;
  for (const name of names) if (name.length === length && text.startsWith(name, node.startIndex)) return true;
  return false;
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

/**
 * Whether a JS/TS module shows any sign of authentication (see AuthSign); the walk stops at the
 * first.
 */
export function jsHasAuthSign(file: ParsedFile<'js'>): boolean {
  for (const binding of jsImportsOf(file).values()) if (JS_AUTH_MODULE.test(binding.source)) return true;
  let found = false;
  jsWalk(file.model.ast, (node, ancestors) => {
    if (found) return false;
    const type = node.type;
    if (type === 'MemberExpression' || type === 'OptionalMemberExpression') {
      // Both checks below end with a credential header or a JS_USER_READ name.
      const last = lastName(node);
      if (last === undefined || (!JS_USER_NAMES.has(last) && !(mayEndCredential(last) && CREDENTIAL_HEADER.test(last)))) return undefined;
      const parent = ancestors[ancestors.length - 1];
      // Setting a header on an outgoing request is a client, not a check.
      if (parent?.type === 'AssignmentExpression' && parent.left === node) return undefined;
      const path = memberPath(node);
      if (!path) return undefined;
      const m = /(?:^|\.)headers\.([^.]+)$/.exec(path);
      found = (!!m && CREDENTIAL_HEADER.test(m[1])) || JS_USER_READ.test(path);
    } else if (type === 'CallExpression' || type === 'OptionalCallExpression') {
      const last = lastName(node.callee);
      if (last === undefined || !JS_SIGN_CALLS.has(last)) return undefined;
      found = jsCallSign(node);
    } else if (type === 'ClassDeclaration' || type === 'ClassExpression') {
      // A Nest guard of one's own: `class ApiKeyGuard implements CanActivate`.
      const implemented = (node.implements ?? []).map((i) => (i.type === 'TSExpressionWithTypeArguments' ? memberPath(i.expression as Node) : undefined));
      found = implemented.includes('CanActivate') && !/throttl|limit/i.test(node.id?.name ?? '');
    }
    return found ? false : undefined;
  });
  return found;
}

/** CREDENTIAL_HEADER's last letter (any case): n, y, t or h. */
function mayEndCredential(name: string): boolean {
  const c = name.charCodeAt(name.length - 1) | 0x20;
  return c === 0x6e || c === 0x79 || c === 0x74 || c === 0x68;
}

/** Whether a call with one of JS_SIGN_CALLS's last names is a sign. */
function jsCallSign(node: Extract<Node, { type: 'CallExpression' | 'OptionalCallExpression' }>): boolean {
  const callee = memberPath(node.callee) ?? '';
  const method = jsLast(callee) ?? '';
  const first = node.arguments[0];
  const header = first?.type === 'StringLiteral' ? first.value : undefined;
  if (method === 'timingSafeEqual') return true;
  if (/^(?:status|sendStatus|throw|code)$/.test(method) && first?.type === 'NumericLiteral' && first.value === 401) return true;
  if (/^(?:get|header|getHeader)$/.test(method) && /(?:^|\.)(?:req|request|ctx|headers|c\.req)$|headers\(\)$/.test(callee.slice(0, -method.length - 1) || '') && header && CREDENTIAL_HEADER.test(header)) return true;
  if (/^(?:get|header|getHeader)$/.test(method) && node.callee.type === 'MemberExpression' && node.callee.object.type === 'CallExpression' && jsLast(memberPath(node.callee.object.callee)) === 'headers' && header && CREDENTIAL_HEADER.test(header)) return true;
  return JS_USER_READ.test(callee);
}
