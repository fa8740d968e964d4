import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { columnOf, lineOf, walk } from '../js/ast.js';
import { memberPath } from '../js/names.js';
import { dottedName, lineOf as pyLineOf, walk as pyWalk } from '../python/ast.js';
import { qualify, type ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';
import { isPrivateSecretName, normaliseName } from './names.js';

/** A secret-named value passed, unmasked, to a log or print call. */
export interface LoggedSecret {
  /** The name as written (`api_key`, `settings.OPENAI_API_KEY`, `os.environ["JWT_SECRET"]`). */
  name: string;
  /** The log call as written (`logger.info`, `print`, `console.log`). */
  sink: string;
  line: number;
  column?: number;
}

const LOG_METHODS = /^(?:debug|info|warning|warn|error|exception|critical|fatal|log|trace|msg)$/;

/** Names that describe a secret rather than hold it: `has_api_key`, `password_hash`, `masked_token`. */
function describesOnly(normal: string): boolean {
  return /(?:^|_)(?:HAS|IS|HASH|HASHED|LEN|LENGTH|MASKED|REDACTED|PREVIEW|PREFIX|SUFFIX|SET|EXISTS|PRESENT|CONFIGURED|VALID|COUNT|TYPE|NAME|ID|HINT|FIELD)(?:_|$)/.test(normal);
}

/** Secret-named, and not just `token` (LLM streaming code prints tokens all day). */
export function isLoggableSecretName(name: string): boolean {
  const normal = normaliseName(name);
  if (/^(?:TOKENS?|NEXT_TOKEN|NEW_TOKEN|CHUNK_TOKEN|TOKEN_TEXT)$/.test(normal)) return false;
  return isPrivateSecretName(name) && !describesOnly(normal);
}

function isPyLogSink(written: string | undefined, imports: ImportMap): boolean {
  if (!written) return false;
  if (written === 'print') return true;
  const parts = written.split('.');
  const method = parts.pop()!;
  if (!LOG_METHODS.test(method) || !parts.length) return false;
  const owner = parts.join('.');
  return qualify(owner, imports) === 'logging' || /(?:^|\.|_)(?:log|logger|_logger|logging|LOGGER|structlog)$/i.test(owner) || /log/i.test(parts[parts.length - 1]);
}

/** Node types between an argument and a secret that mean the value is transformed, not printed. */
const PY_MASKING = new Set(['call', 'subscript', 'comparison_operator', 'boolean_operator', 'not_operator', 'conditional_expression', 'lambda']);

export function pyLoggedSecrets(root: PyNode, imports: ImportMap): LoggedSecret[] {
  const out: LoggedSecret[] = [];
  pyWalk(root, (node) => {
    if (node.type !== 'call') return;
    const written = dottedName(node.childForFieldName('function'));
    if (!isPyLogSink(written, imports)) return;
    const args = node.childForFieldName('arguments');
    if (!args) return;
    pyWalk(args, (inner) => {
      const name = pySecretReference(inner, imports);
      if (!name) return;
      // Look between the argument list and the reference for anything that masks it.
      for (let p = inner.parent; p && p.id !== args.id; p = p.parent) {
        if (PY_MASKING.has(p.type) && !isFormatCall(p)) return false;
        if (p.type === 'keyword_argument' && p.childForFieldName('name')?.text !== 'extra') return false;
      }
      out.push({ name, sink: written!, line: pyLineOf(inner) });
      return false;
    });
  });
  return out;
}

/** `"…".format(x)` / `str(x)` / `repr(x)` print x as it is. */
function isFormatCall(call: PyNode): boolean {
  if (call.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  return /^(?:str|repr|f?string|format)$/.test(fn?.text ?? '') || (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format');
}

/** `api_key`, `settings.OPENAI_API_KEY`, `os.environ["X_KEY"]`, `os.getenv("X_KEY")` → the name. */
function pySecretReference(node: PyNode, imports: ImportMap): string | undefined {
  if (node.type === 'identifier' || node.type === 'attribute') {
    // Only the outermost of `a.b.c`; never the function of a call.
    if (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) return undefined;
    if (node.parent?.type === 'call' && node.parent.childForFieldName('function')?.id === node.id) return undefined;
    if (node.parent?.type === 'keyword_argument' && node.parent.childForFieldName('name')?.id === node.id) return undefined;
    const name = node.type === 'identifier' ? node.text : node.childForFieldName('attribute')?.text;
    return name && isLoggableSecretName(name) ? node.text : undefined;
  }
  if (node.type === 'subscript' && qualify(dottedName(node.childForFieldName('value')), imports) === 'os.environ') {
    const key = stringValue(node.childForFieldName('subscript'));
    return key && isLoggableSecretName(key) ? node.text : undefined;
  }
  if (node.type === 'call' && /^os\.(?:getenv|environ\.get)$/.test(qualify(dottedName(node.childForFieldName('function')), imports) ?? '')) {
    const key = stringValue(node.childForFieldName('arguments')?.namedChild(0));
    return key && isLoggableSecretName(key) ? node.text : undefined;
  }
  return undefined;
}

const JS_MASKING = new Set(['CallExpression', 'OptionalCallExpression', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression', 'UnaryExpression', 'ArrowFunctionExpression']);

function isJsLogSink(path: string | undefined): boolean {
  if (!path) return false;
  const parts = path.split('.');
  const method = parts.pop()!;
  if (!parts.length) return false;
  const owner = parts[parts.length - 1];
  return (owner === 'console' && /^(?:log|info|warn|error|debug|trace|dir)$/.test(method)) || (/log/i.test(owner) && LOG_METHODS.test(method));
}

export function jsLoggedSecrets(ast: Node): LoggedSecret[] {
  const out: LoggedSecret[] = [];
  walk(ast, (node) => {
    if (node.type !== 'CallExpression') return;
    const sink = memberPath(node.callee);
    if (!isJsLogSink(sink)) return;
    for (const arg of node.arguments) {
      walk(arg, (inner, ancestors) => {
        const name = jsSecretReference(inner, ancestors);
        if (!name) return;
        const between = ancestors.slice(ancestors.indexOf(arg));
        // String concatenation prints the value; other operators and calls transform it.
        if (between.some((a) => JS_MASKING.has(a.type) && !(a.type === 'BinaryExpression' && a.operator === '+'))) return false;
        out.push({ name, sink: sink!, line: lineOf(inner), column: columnOf(inner) });
        return false;
      });
    }
  });
  return out;
}

function jsSecretReference(node: Node, ancestors: readonly Node[]): string | undefined {
  const parent = ancestors[ancestors.length - 1];
  if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return undefined;
  if (parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === node) return undefined;
  if (parent?.type === 'MemberExpression' && parent.property === node) return undefined;
  if (parent?.type === 'ObjectProperty' && parent.key === node && !parent.shorthand) return undefined;
  const path = memberPath(node);
  if (!path) return undefined;
  const last = path.slice(path.lastIndexOf('.') + 1);
  return isLoggableSecretName(last) ? path : undefined;
}
