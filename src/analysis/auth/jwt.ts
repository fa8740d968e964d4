import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { isFunction, lineOf as jsLine, columnOf as jsColumn, walk as jsWalk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { lastSegment as jsLast, memberPath, resolveName } from '../js/names.js';
import { envRead, isKnown, objectProperty, staticValue } from '../js/values.js';
import { columnOf, dottedName, enclosingFunction, lineOf, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import { literalValue, stringValue } from '../python/values.js';
import { DAY, msStyleSeconds, TIMEDELTA_UNITS, unitOfName } from './durations.js';
import { upperSnake } from './names.js';

/** A token lifetime problem: no expiry at all, or an access-token lifetime over a day. Plain data. */
export interface TokenLifetime {
  file: string;
  line: number;
  column: number;
  kind: 'no-expiry' | 'long';
  /** Lifetime in seconds (`long`), or Infinity for an explicit "never expires". */
  seconds?: number;
  what: string;
}

const LIFETIME_NAME = /(?:^|_)(?:(?:ACCESS_)?(?:TOKEN|JWT)_(?:EXPIRE|EXPIRES|EXPIRY|EXPIRATION|LIFETIME|TTL|AGE|VALIDITY)(?:_IN)?|(?:JWT_)?ACCESS_TOKEN_(?:EXPIRE|EXPIRES|EXPIRY|EXPIRATION|LIFETIME|TTL))(?:_[A-Z]+)?$/;
const PY_ENCODERS = /^(?:jwt\.encode|jose\.jwt\.encode|authlib\.jose\.jwt\.encode|jwt\.api_jwt\.encode)$/;
const REFRESH = /refresh/i;

/**
 * What a Python module must spell to hold a finding: an encoder (`jwt`/`jose`), `expires_delta`,
 * or a lifetime name, whose words are TOKEN (or JWT) then an expiry word (`LIFETIME_NAME`).
 */
const PY_LIFETIME_TEXT = /jwt|jose|expires_delta|token[^a-z0-9]*(?:expir|lifetime|ttl|age|validity)/i;
/** A JS module must name `expiresIn`, `setExpirationTime` or import jsonwebtoken / @nestjs/jwt. */
const JS_LIFETIME_TEXT = /expiresin|setexpirationtime|jsonwebtoken|@nestjs\/jwt/i;

/** Whether a Python module's text can hold a token lifetime finding (a sound prefilter). */
export function mentionsPyTokenLifetime(text: string): boolean {
  return PY_LIFETIME_TEXT.test(text);
}

/** Whether a JS/TS module's text can hold a token lifetime finding (a sound prefilter). */
export function mentionsJsTokenLifetime(text: string): boolean {
  return JS_LIFETIME_TEXT.test(text);
}

function isAccessLifetimeName(name: string): boolean {
  const n = upperSnake(name);
  return LIFETIME_NAME.test(n) && !REFRESH.test(n) && !/RESET|VERIFY|VERIFICATION|INVITE|CONFIRM|EMAIL|COOKIE_AGE|SESSION/.test(n);
}

// ---------------------------------------------------------------------------------------------
// Python

/** Integer arithmetic over literals, module constants and `int(os.getenv("X", "60"))`. */
function pyNumber(node: PyNode | null | undefined, constants: Map<string, number>, depth = 0): number | undefined {
  if (!node || depth > 10) return undefined;
  switch (node.type) {
    case 'integer':
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(n) ? undefined : n;
    }
    case 'parenthesized_expression':
      return pyNumber(node.namedChild(0), constants, depth + 1);
    case 'identifier':
      return constants.get(node.text);
    case 'attribute':
      return constants.get(node.childForFieldName('attribute')?.text ?? '');
    case 'binary_operator': {
      const l = pyNumber(node.childForFieldName('left'), constants, depth + 1);
      const r = pyNumber(node.childForFieldName('right'), constants, depth + 1);
      const op = node.childForFieldName('operator')?.text;
      if (l === undefined || r === undefined) return undefined;
      return op === '*' ? l * r : op === '+' ? l + r : op === '-' ? l - r : op === '/' || op === '//' ? (r ? l / r : undefined) : undefined;
    }
    case 'call': {
      const fn = dottedName(node.childForFieldName('function'));
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn === 'int' || fn === 'float') {
        const inner = args[0];
        if (inner?.type === 'call') {
          const innerArgs = inner.childForFieldName('arguments')?.namedChildren ?? [];
          const fallback = stringValue(innerArgs[1]) ?? (innerArgs[1] ? String(pyNumber(innerArgs[1], constants, depth + 1) ?? '') : undefined);
          return fallback !== undefined && fallback !== '' && !Number.isNaN(Number(fallback)) ? Number(fallback) : undefined;
        }
        return pyNumber(inner, constants, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function timedeltaSeconds(call: PyNode, imports: ImportMap, constants: Map<string, number>): number | undefined {
  const info = callInfo(call, imports);
  if (lastSegment(info.name) !== 'timedelta') return undefined;
  let total = 0;
  if (info.args[0]) {
    const days = pyNumber(info.args[0], constants);
    if (days === undefined) return undefined;
    total += days * DAY;
  }
  for (const [key, value] of info.kwargs) {
    const n = pyNumber(value, constants);
    if (n === undefined || !(key in TIMEDELTA_UNITS)) return undefined;
    total += n * TIMEDELTA_UNITS[key];
  }
  return total;
}

export function pythonTokenLifetimes(root: PyNode, imports: ImportMap, file: string): TokenLifetime[] {
  const out: TokenLifetime[] = [];
  const constants = new Map<string, number>();
  // Module and class constants first (settings classes hold `access_token_expire_minutes`).
  walk(root, (node) => {
    if (node.type === 'function_definition') return false;
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const value = pyNumber(node.childForFieldName('right'), constants);
      if (left?.type === 'identifier' && value !== undefined) constants.set(left.text, value);
    }
    return undefined;
  });
  walk(root, (node) => {
    if (node.type === 'assignment' || node.type === 'pair' || node.type === 'keyword_argument') {
      const keyNode = node.type === 'assignment' ? node.childForFieldName('left') : node.type === 'pair' ? node.childForFieldName('key') : node.childForFieldName('name');
      const valueNode = node.type === 'assignment' ? node.childForFieldName('right') : node.childForFieldName('value');
      const name = keyNode?.type === 'subscript' ? stringValue(keyNode.childForFieldName('subscript')) : keyNode?.type === 'string' ? stringValue(keyNode) : keyNode?.type === 'identifier' || keyNode?.type === 'attribute' ? dottedName(keyNode)?.split('.').pop() : undefined;
      if (name && valueNode && (isAccessLifetimeName(name) || (node.type === 'keyword_argument' && name === 'expires_delta'))) {
        lifetimeValue(name, valueNode, node);
      }
    }
    if (node.type === 'call') {
      const info = callInfo(node, imports);
      if (info.name && PY_ENCODERS.test(info.name)) encodeCall(node, info.args[0]);
    }
    return undefined;
  });
  return out;

  function lifetimeValue(name: string, value: PyNode, at: PyNode) {
    const fn = enclosingFunction(at);
    if (fn && REFRESH.test(fn.childForFieldName('name')?.text ?? '')) return;
    if (value.type === 'false') {
      out.push({ file, line: lineOf(at), column: columnOf(at), kind: 'long', seconds: Infinity, what: at.text.trim() });
      return;
    }
    let seconds: number | undefined;
    // A call's `timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)` is reported where the constant is.
    if (value.type === 'call') seconds = timedeltaSeconds(value, imports, name === 'expires_delta' ? new Map() : constants);
    if (seconds === undefined && name !== 'expires_delta') {
      const n = pyNumber(value, constants);
      const unit = unitOfName(upperSnake(name));
      if (n !== undefined && unit !== undefined && value.type !== 'identifier') seconds = n * unit;
    }
    if (seconds !== undefined && seconds > DAY) out.push({ file, line: lineOf(at), column: columnOf(at), kind: 'long', seconds, what: at.text.trim() });
  }

  function encodeCall(call: PyNode, payload: PyNode | undefined) {
    const fn = enclosingFunction(call);
    const scope = fn ?? root;
    if (fn && REFRESH.test(fn.childForFieldName('name')?.text ?? '')) return;
    if (!payload) return;
    if (payload.type === 'identifier') {
      // A parameter's content is unknown; a local built in the function is visible.
      const params = fn?.childForFieldName('parameters')?.text ?? '';
      if (new RegExp(`\\b${payload.text}\\b`).test(params)) return;
    } else if (payload.type !== 'dictionary') return;
    let hasExp = false;
    walk(scope, (n) => {
      if (n.type === 'string' && stringValue(n) === 'exp') hasExp = true;
      if (n.type === 'keyword_argument' && n.childForFieldName('name')?.text === 'exp') hasExp = true;
      return hasExp ? false : undefined;
    });
    if (!hasExp) out.push({ file, line: lineOf(call), column: columnOf(call), kind: 'no-expiry', what: call.text.split('\n')[0].trim() });
  }
}

// ---------------------------------------------------------------------------------------------
// JS / TS

function jsSeconds(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const env = envRead(node);
  if (env?.fallback) return jsSeconds(env.fallback);
  const v = staticValue(node);
  return isKnown(v) ? msStyleSeconds(v) : undefined;
}

function hasExpKey(obj: Node | undefined): boolean {
  return !!obj && obj.type === 'ObjectExpression' && (objectProperty(obj, 'exp') !== undefined || obj.properties.some((p) => p.type === 'SpreadElement'));
}

export function jsTokenLifetimes(ast: Node, imports: JsImports, file: string, text: string): TokenLifetime[] {
  const out: TokenLifetime[] = [];
  const src = (n: Node) => text.slice(n.start ?? 0, n.end ?? 0).split('\n')[0].trim();
  jsWalk(ast, (node, ancestors) => {
    if (node.type !== 'CallExpression') return undefined;
    const written = memberPath(node.callee);
    const resolved = resolveName(written, imports) ?? '';
    const method = node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' ? node.callee.property.name : jsLast(written) ?? '';
    const context = refreshContext(ancestors);
    if (context) return undefined;
    // jsonwebtoken: jwt.sign(payload, secret, { expiresIn }), and Nest's jwtService.sign(payload, { expiresIn })
    if (method === 'sign' || method === 'signAsync') {
      const isJsonwebtoken = /^jsonwebtoken\.sign$/.test(resolved);
      const options = isJsonwebtoken ? node.arguments[2] : node.arguments[1];
      const expiresIn = objectProperty(options as Node | undefined, 'expiresIn');
      if (expiresIn) {
        const seconds = jsSeconds(expiresIn as Node);
        if (seconds !== undefined && seconds > DAY) out.push({ file, line: jsLine(expiresIn), column: jsColumn(expiresIn), kind: 'long', seconds, what: src(expiresIn.type === 'ObjectProperty' ? expiresIn : node) });
      } else if (isJsonwebtoken && !payloadHasExp(node.arguments[0] as Node | undefined, ancestors)) {
        out.push({ file, line: jsLine(node), column: jsColumn(node), kind: 'no-expiry', what: src(node) });
      }
    }
    // @nestjs/jwt JwtModule.register({ signOptions: { expiresIn: '7d' } })
    if (/^@nestjs\/jwt\.JwtModule\.register/.test(resolved)) {
      const expiresIn = objectProperty(objectProperty(moduleOptions(node.arguments[0] as Node | undefined), 'signOptions'), 'expiresIn');
      const seconds = jsSeconds(expiresIn);
      if (expiresIn && seconds !== undefined && seconds > DAY) out.push({ file, line: jsLine(expiresIn), column: jsColumn(expiresIn), kind: 'long', seconds, what: src(expiresIn) });
    }
    // jose: new SignJWT(p).setExpirationTime('30d')
    if (method === 'setExpirationTime') {
      const seconds = jsSeconds(node.arguments[0] as Node | undefined);
      if (seconds !== undefined && seconds > DAY) out.push({ file, line: jsLine(node), column: jsColumn(node), kind: 'long', seconds, what: src(node.arguments[0] as Node) });
    }
    return undefined;
  });
  return out;
}

/** Whether the code around is about refresh tokens (function or variable named so). */
function refreshContext(ancestors: readonly Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier' && REFRESH.test(a.id.name)) return true;
    if ((a.type === 'ObjectProperty' || a.type === 'ClassMethod' || a.type === 'ObjectMethod') && a.key.type === 'Identifier' && REFRESH.test(a.key.name)) return true;
    if (isFunction(a) && (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression') && a.id && REFRESH.test(a.id.name)) return true;
  }
  return false;
}

function payloadHasExp(payload: Node | undefined, ancestors: readonly Node[]): boolean {
  if (!payload) return true;
  if (payload.type === 'ObjectExpression') return hasExpKey(payload);
  if (payload.type !== 'Identifier') return true; // unknown shape: assume the best
  const fn = [...ancestors].reverse().find((a) => isFunction(a));
  if (!fn) return true;
  if ((fn as { params: Node[] }).params.some((p) => p.type === 'Identifier' && p.name === payload.name)) return true;
  let found = false;
  let local = false;
  jsWalk(fn, (n) => {
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === payload.name) {
      local = true;
      if (n.init?.type !== 'ObjectExpression' || hasExpKey(n.init)) found = true;
    }
    if (n.type === 'AssignmentExpression' && memberPath(n.left) === `${payload.name}.exp`) found = true;
    return undefined;
  });
  return found || !local;
}

/** `register({ … })`, or what `registerAsync({ useFactory })` returns: `(config) => ({ … })` or `{ return { … } }`. */
function moduleOptions(arg: Node | undefined): Node | undefined {
  const factory = objectProperty(arg, 'useFactory');
  if (!factory || (factory.type !== 'ArrowFunctionExpression' && factory.type !== 'FunctionExpression' && factory.type !== 'ObjectMethod')) return arg;
  if (factory.body.type === 'ObjectExpression') return factory.body;
  if (factory.body.type !== 'BlockStatement') return undefined;
  const returned = factory.body.body.find((s) => s.type === 'ReturnStatement');
  return returned?.type === 'ReturnStatement' && returned.argument?.type === 'ObjectExpression' ? returned.argument : undefined;
}
