import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { columnOf, lineOf, walk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { calleeName } from '../js/names.js';
import { callInfo } from '../python/calls.js';
import { walk as pyWalk, lineOf as pyLineOf, columnOf as pyColumnOf } from '../python/ast.js';
import type { ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';
import { isSecretName, normaliseName } from './names.js';
import { looksLikeSecretValue } from './values.js';

/** Names of keys that sign or encrypt: sessions, cookies, JWTs, CSRF, Django/Flask `SECRET_KEY`. */
export function isSigningSecretName(name: string): boolean {
  const normal = normaliseName(name);
  if (!isSecretName(name) && !/^(?:SECRET|KEYS)$/.test(normal)) return false;
  return /SECRET|SIGNING|HMAC|ENCRYPTION|JWT|SESSION|COOKIE|CSRF/.test(normal) && !/CLIENT_SECRET|API_SECRET|WEBHOOK/.test(normal);
}

const WEAK_WORDS = /secret|change|insecure|default|your|example|keyboard|(?:^|[-_ ])(?:dev|test|local|demo)(?:[-_ ]|$)|development|password|sample|replace|please|todo|placeholder|mysecret|s3cr3t/i;

/** Why a literal signing secret is guessable, or undefined when it is not (empty or generated-looking). */
export function guessableBecause(value: string): 'short' | 'word' | 'insecure' | undefined {
  if (!value) return undefined;
  if (/^django-insecure-/.test(value)) return 'insecure';
  if (value.length < 16) return 'short';
  if (WEAK_WORDS.test(value) || !looksLikeSecretValue(value)) return 'word';
  return undefined;
}

export interface WeakDefault {
  name: string;
  value: string;
  line: number;
  column: number;
  why: 'short' | 'word' | 'insecure';
  /** `fallback` of an env read, or a `literal` secret. */
  form: 'fallback' | 'literal';
}

const JS_SIGNERS = /^(?:jsonwebtoken\.(?:sign|verify)|jsonwebtoken|cookie-parser|jwt\.(?:sign|verify))$/;

/** JS/TS: `process.env.JWT_SECRET || 'secret'`, `secret: 'keyboard cat'`, `jwt.sign(p, 'secret')`, `app.keys = ['…']`. */
export function jsWeakDefaults(ast: Node, imports: JsImports, envFallbacks: { name: string; fallback?: string; line: number; column: number }[]): WeakDefault[] {
  const out: WeakDefault[] = [];
  const consider = (name: string, value: string | undefined, node: { line: number; column: number }, form: WeakDefault['form']) => {
    if (value === undefined) return;
    const why = guessableBecause(value);
    if (why) out.push({ name, value, line: node.line, column: node.column, why, form });
  };
  for (const read of envFallbacks) if (isSigningSecretName(read.name)) consider(read.name, read.fallback, read, 'fallback');
  walk(ast, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'StringLiteral' && isSigningSecretName(node.id.name)) {
      consider(node.id.name, node.init.value, at(node.init), 'literal');
    } else if (node.type === 'ObjectProperty' && !node.computed && node.value.type === 'StringLiteral') {
      const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : '';
      if (key && isSigningSecretName(key)) consider(key, node.value.value, at(node.value), 'literal');
    } else if (node.type === 'CallExpression') {
      const name = calleeName(node, imports) ?? '';
      if (!JS_SIGNERS.test(name)) return;
      const keyArg = name.startsWith('cookie-parser') ? node.arguments[0] : node.arguments[1];
      if (keyArg?.type === 'StringLiteral') consider(name, keyArg.value, at(keyArg), 'literal');
    } else if (node.type === 'AssignmentExpression' && node.right.type === 'ArrayExpression' && node.left.type === 'MemberExpression' && !node.left.computed && node.left.property.type === 'Identifier' && node.left.property.name === 'keys') {
      // Koa signs cookies with `app.keys`.
      for (const el of node.right.elements) if (el?.type === 'StringLiteral') consider('app.keys', el.value, at(el), 'literal');
    }
  });
  return out;
}

function at(node: Node): { line: number; column: number } {
  return { line: lineOf(node), column: columnOf(node) };
}

const PY_SIGNERS = /^(?:jwt\.(?:encode|decode)|jose\.jwt\.(?:encode|decode)|itsdangerous\.\w+)$/;

/** Python: `SECRET_KEY = "changeme"`, `app.secret_key = 'dev'`, `os.getenv("JWT_SECRET", "secret")`, pydantic fields, `jwt.encode(p, "secret")`. */
export function pyWeakDefaults(root: PyNode, imports: ImportMap, envReads: { name: string; defaultValue?: string | null; defaultLine?: number; line: number; column: number; target?: string }[]): WeakDefault[] {
  const out: WeakDefault[] = [];
  const consider = (name: string, value: string | undefined | null, line: number, column: number, form: WeakDefault['form']) => {
    if (typeof value !== 'string') return;
    const why = guessableBecause(value);
    if (why) out.push({ name, value, line, column, why, form });
  };
  for (const read of envReads) {
    const name = isSigningSecretName(read.name) ? read.name : read.target && isSigningSecretName(read.target) ? read.target : undefined;
    if (name) consider(name, read.defaultValue, read.defaultLine ?? read.line, read.column, 'fallback');
  }
  pyWalk(root, (node) => {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return;
      const name = left.type === 'subscript' ? stringValue(left.childForFieldName('subscript')) : left.text.split('.').pop();
      if (name && isSigningSecretName(name)) consider(name, stringValue(right), pyLineOf(right), pyColumnOf(right), 'literal');
    } else if (node.type === 'keyword_argument') {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      if (name && value && isSigningSecretName(name)) consider(name, stringValue(value), pyLineOf(value), pyColumnOf(value), 'literal');
    } else if (node.type === 'call') {
      const call = callInfo(node, imports);
      if (!call.name || !PY_SIGNERS.test(call.name)) return;
      const key = call.args[1] ?? call.kwargs.get('key') ?? call.kwargs.get('secret_key');
      if (key) consider(call.name, stringValue(key), pyLineOf(key), pyColumnOf(key), 'literal');
    }
  });
  return out;
}
