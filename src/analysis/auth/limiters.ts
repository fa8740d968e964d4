import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { columnOf as jsColumn, lineOf as jsLine, walk as jsWalk } from '../js/ast.js';
import { resolveRelative, type JsImports } from '../js/imports.js';
import { memberPath, resolveName } from '../js/names.js';
import { columnOf, dottedName, lineOf, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import { absoluteModule, moduleNameOf, qualify, type ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';
import { resolveImport } from '../js/resolve-import.js';
import { Memo } from '../memo.js';
import { qualifiedLast } from './py-callee.js';

/**
 * Rate limiters across a repository, as plain data: the limiters created (and the keys under
 * which other modules can name them), every place a limiter is registered or referenced, and
 * whether any rate limiting exists at all. "Registered" is decided over all files in `done()`.
 */
export interface LimiterDef {
  file: string;
  line: number;
  column: number;
  /** `express-rate-limit`, `slowapi Limiter`, `RateLimitMiddleware class`… */
  label: string;
  name: string;
  /** Keys that count as registering it when used (`file#name`, `pkg.module.Name`, `nest#ThrottlerGuard`). */
  keys: string[];
  /** Registered where it is created (flask-limiter `Limiter(app=app)`). */
  registeredInPlace?: boolean;
  /** Limits every route once registered (`default_limits`, a middleware class). */
  appWide?: boolean;
}

export interface LimitFacts {
  defs: LimiterDef[];
  /** Keys used in a registering position (or, for JS and classes, referenced at all), one set per file. */
  used: ReadonlySet<string>[];
  /** Places that show some rate limiting exists (library imports, inline limiters, dependencies). */
  present: { file: string; line?: number; what: string }[];
}

export function emptyLimits(): LimitFacts {
  return { defs: [], used: [], present: [] };
}

/** One file's share of the facts. */
interface FileLimits {
  defs: LimiterDef[];
  used: Set<string>;
  present: LimitFacts['present'];
}

/**
 * ratelimit/missing, ratelimit/unregistered and auth/no-login-throttle all ask for the same
 * file's limiters: computed once per model (the engine shares it between rules) and merged.
 * The facts are plain data nobody mutates after the file's own pass.
 */
const pyCache = new Memo<object, FileLimits>();
const jsCache = new Memo<object, FileLimits>();

function merge(into: LimitFacts, facts: FileLimits): void {
  for (const d of facts.defs) into.defs.push(d);
  if (facts.used.size) into.used.push(facts.used);
  for (const p of facts.present) into.present.push(p);
}

/** The limiter facts of a Python module, added to `into`. */
export function collectPyLimits(file: ParsedFile<'python'>, into: LimitFacts): void {
  let facts = pyCache.get(file.model);
  if (!facts) {
    facts = { defs: [], used: new Set(), present: [] };
    pyLimits(file.model.root, pyImportsOf(file), file.path, file.text, facts);
    pyCache.set(file.model, facts);
  }
  merge(into, facts);
}

/** The limiter facts of a JS/TS module, added to `into` (imports resolved through the inventory). */
export function collectJsLimits(file: ParsedFile<'js'>, inventory: Inventory, into: LimitFacts): void {
  let facts = jsCache.get(file.model);
  if (!facts) {
    facts = { defs: [], used: new Set(), present: [] };
    jsLimits(file.model.ast, jsImportsOf(file), file.path, (p) => inventory.has(p), facts, (from, s) => resolveImport(from, s, inventory));
    jsCache.set(file.model, facts);
  }
  merge(into, facts);
}

export const PY_LIMIT_PACKAGES = /^(?:slowapi|flask[-_]limiter|django[-_]ratelimit|ratelimit|fastapi[-_]limiter|limits|django[-_]axes|aiohttp[-_]ratelimiter|starlette[-_]limiter|sanic[-_]limiter|quart[-_]rate[-_]limiter|djangorestframework)$/i;
const PY_LIMIT_MODULES = /^(?:slowapi|flask_limiter|django_ratelimit|ratelimit|fastapi_limiter|limits|axes|aiohttp_ratelimiter|starlette_limiter|rest_framework\.throttling)(?:\.|$)/;
export const JS_LIMIT_PACKAGES = /^(?:express-rate-limit|express-slow-down|rate-limiter-flexible|koa-ratelimit|koa2-ratelimit|@fastify\/rate-limit|fastify-rate-limit|express-brute|hono-rate-limiter|@upstash\/ratelimit|@nestjs\/throttler|express-limiter|limiter)$/;
const JS_FACTORIES = /^(?:express-rate-limit|express-slow-down|koa-ratelimit|koa2-ratelimit|hono-rate-limiter)(?:\.(?:rateLimit|slowDown|default|RateLimit|rateLimiter))?$|^rate-limiter-flexible\.RateLimiter\w+$|^@upstash\/ratelimit\.Ratelimit$/;
const LIMIT_CLASS = /rate_?limit|ratelimit|throttl/i;

// ---------------------------------------------------------------------------------------------
// Python

/**
 * Whatever the walk below records is spelled in the text with one of these words (limiter
 * classes, `.limit`/`.init_app`/`.exempt` registrations, throttle/ratelimit names and strings).
 */
const PY_LIMIT_TEXT = /limit|throttl|init_app|exempt/i;

function pyLimits(root: PyNode, imports: ImportMap, file: string, text: string, into: FileLimits): void {
  for (const target of imports.values()) if (PY_LIMIT_MODULES.test(target)) into.present.push({ file, what: target.split('.')[0] });
  // Sound: a module that spells none of the words defines, registers and names no limiter.
  if (!PY_LIMIT_TEXT.test(text)) return;
  const module = moduleNameOf(file);
  const keyOf = (written: string): string => {
    const head = written.split('.')[0];
    const q = imports.has(head) ? qualify(written, imports)! : `${module}.${written}`;
    return q.startsWith('.') ? absoluteModule(q, file) : q;
  };
  // Sound skips: every name LIMIT_CLASS is tested on is an identifier or attribute of the text
  // (no escapes in Python names); a string's value can spell it only if its text does or it
  // holds an escape.
  const limitNames = LIMIT_CLASS.test(text);
  const limitStrings = limitNames || text.includes('\\');
  walk(root, (node) => {
    const type = node.type;
    if (type === 'import_statement' || type === 'import_from_statement') return false;
    if (type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      // Both limiter classes are named `Limiter`.
      if (right?.type === 'call' && left?.type === 'identifier' && qualifiedLast(right, imports) === 'Limiter') {
        const call = callInfo(right, imports);
        if (call.name === 'slowapi.Limiter' || call.name === 'slowapi.extension.Limiter') {
          into.defs.push({ file, line: lineOf(node), column: columnOf(node), label: 'slowapi Limiter', name: left.text, keys: [`${module}.${left.text}`], appWide: call.kwargs.has('default_limits') });
        }
        if (call.name === 'flask_limiter.Limiter' || call.name === 'flask_limiter.extension.Limiter') {
          const first = call.args[0];
          const inPlace = call.kwargs.has('app') || (first?.type === 'identifier' && /app$/i.test(first.text));
          into.defs.push({ file, line: lineOf(node), column: columnOf(node), label: 'flask-limiter Limiter', name: left.text, keys: [`${module}.${left.text}`], registeredInPlace: inPlace, appWide: call.kwargs.has('default_limits') });
        }
      }
      // app.state.limiter = limiter
      if (left?.type === 'attribute' && right && left.childForFieldName('attribute')?.text === 'limiter' && dottedName(left)?.endsWith('.state.limiter')) {
        const ref = dottedName(right);
        if (ref) into.used.add(keyOf(ref));
      }
    } else if (type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text ?? '';
        if (REGISTER_METHODS.has(method)) {
          const object = dottedName(fn.childForFieldName('object'));
          if (object) into.used.add(keyOf(object));
        }
      }
      const last = qualifiedLast(node, imports);
      if (last === 'ratelimit' || last === 'RateLimiter') {
        const call = callInfo(node, imports);
        if (/^(?:django_ratelimit\.decorators\.ratelimit|ratelimit\.decorators\.ratelimit|fastapi_limiter\.depends\.RateLimiter)$/.test(call.name ?? '')) into.present.push({ file, line: lineOf(node), what: lastSegment(call.name)! });
      }
    } else if (type === 'string') {
      if (!limitStrings) return undefined;
      // Django MIDDLEWARE = ["app.middleware.RateLimitMiddleware"]
      const s = stringValue(node);
      if (s && /^[\w.]+$/.test(s) && LIMIT_CLASS.test(s.slice(s.lastIndexOf('.') + 1))) {
        into.used.add(s);
        // DRF `DEFAULT_THROTTLE_CLASSES`, a limiter middleware in settings: limiting is configured.
        into.present.push({ file, line: lineOf(node), what: s });
      }
    } else if (limitNames) {
      if (type === 'class_definition') {
        const name = node.childForFieldName('name')?.text ?? '';
        if (LIMIT_CLASS.test(name) && isMiddlewareClass(node)) {
          into.defs.push({ file, line: lineOf(node), column: columnOf(node), label: 'rate-limit middleware class', name, keys: [`${module}.${name}`], appWide: true });
        }
      } else if (type === 'function_definition') {
        const name = node.childForFieldName('name')?.text ?? '';
        // A hand-written limiter function or dependency: rate limiting exists in some form.
        if (LIMIT_CLASS.test(name)) into.present.push({ file, line: lineOf(node), what: name });
      } else if (type === 'identifier') {
        if (LIMIT_CLASS.test(node.text) && !isDefinitionName(node)) into.used.add(keyOf(node.text));
      } else if (type === 'attribute' && LIMIT_CLASS.test(node.childForFieldName('attribute')?.text ?? '')) {
        const written = dottedName(node);
        if (written) into.used.add(keyOf(written));
      }
    }
    return undefined;
  });
}

/** Methods that register a limiter on an app or route (`limiter.limit("5/minute")`, `init_app`). */
const REGISTER_METHODS = new Set(['limit', 'shared_limit', 'init_app', 'exempt', 'limit_all']);

function isDefinitionName(node: PyNode): boolean {
  const parent = node.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return true;
  return !!parent && (parent.type === 'class_definition' || parent.type === 'function_definition') && parent.childForFieldName('name')?.id === node.id;
}

function isMiddlewareClass(cls: PyNode): boolean {
  const bases = cls.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
  if (bases.some((b) => /Middleware|MiddlewareMixin$/.test(b))) return true;
  const methods = cls.childForFieldName('body')?.namedChildren ?? [];
  return methods.some((m) => {
    const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
    return fn?.type === 'function_definition' && /^(?:dispatch|__call__|process_request|__acall__)$/.test(fn.childForFieldName('name')?.text ?? '');
  });
}

// ---------------------------------------------------------------------------------------------
// JS / TS

/** Packages whose exports the walk resolves calls to (factories, `ThrottlerModule`). */
const JS_FACTORY_SOURCE = /^(?:express-rate-limit|express-slow-down|koa-ratelimit|koa2-ratelimit|hono-rate-limiter|rate-limiter-flexible|@upstash\/ratelimit|@nestjs\/throttler)/;

function jsLimits(
  ast: Node,
  imports: JsImports,
  file: string,
  has: (p: string) => boolean,
  into: FileLimits,
  /** Resolves non-relative specifiers (tsconfig `paths` aliases such as `@/lib/ratelimit`). */
  resolve?: (from: string, specifier: string) => string | undefined,
): void {
  let factories = false;
  for (const [local, b] of imports) {
    // A resolved name starts with its binding's source: without such an import no call resolves to a factory.
    if (JS_FACTORY_SOURCE.test(b.source)) factories = true;
    if (!JS_LIMIT_PACKAGES.test(b.source)) continue;
    into.present.push({ file, line: b.line, what: b.source });
    if (/^(?:@fastify\/rate-limit|fastify-rate-limit)$/.test(b.source)) {
      into.defs.push({ file, line: b.line, column: 1, label: '@fastify/rate-limit', name: local, keys: [`${file}#${local}`] });
    }
  }
  // Identifiers repeat: each name's key is computed once.
  const keys = new Map<string, string>();
  const keyOf = (local: string) => {
    let key = keys.get(local);
    if (key !== undefined) return key;
    key = `${file}#${local}`;
    const binding = imports.get(local);
    if (binding) {
      const target = binding.source.startsWith('.') ? resolveRelative(file, binding.source, has) : resolve?.(file, binding.source);
      if (target) key = `${target}#${binding.imported === '*' ? 'default' : binding.imported}`;
    }
    keys.set(local, key);
    return key;
  };
  const defaultExported = new Set<string>();
  /** Names referenced (each once): their keys are made after the walk, for the uses that can count. */
  const referenced = new Set<string>();
  /** `module.exports = …` / `exports.x = …` assignments seen so far (their identifiers are no uses). */
  const exportAssignments = new Set<Node>();
  jsWalk(ast, (node, ancestors) => {
    const type = node.type;
    if (type === 'Identifier') {
      const parent = ancestors[ancestors.length - 1];
      if (isReference(node, parent, ancestors, exportAssignments)) referenced.add(node.name);
      return undefined;
    }
    if (type === 'ImportDeclaration') return false;
    if (type === 'ExportDefaultDeclaration' && node.declaration.type === 'Identifier') defaultExported.add(node.declaration.name);
    if (type === 'AssignmentExpression') {
      const left = memberPath(node.left);
      if (left !== undefined && EXPORTS.test(left)) {
        exportAssignments.add(node);
        if (left === 'module.exports' && node.right.type === 'Identifier') defaultExported.add(node.right.name);
      }
    }
    if (!factories) {
      if (type === 'FunctionDeclaration' && node.id && LIMIT_CLASS.test(node.id.name)) into.present.push({ file, line: jsLine(node), what: node.id.name });
      return undefined;
    }
    const parent = ancestors[ancestors.length - 1];
    if (type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      let init: Node = node.init;
      if (init.type === 'AwaitExpression') init = init.argument;
      if (init.type === 'CallExpression' || init.type === 'NewExpression') {
        const name = resolveName(memberPath(init.callee), imports) ?? '';
        if (JS_FACTORIES.test(name)) {
          into.defs.push({ file, line: jsLine(node), column: jsColumn(node), label: name.split('.')[0], name: node.id.name, keys: [`${file}#${node.id.name}`] });
        }
      }
    }
    if (type === 'CallExpression' || type === 'NewExpression') {
      const name = resolveName(memberPath(node.callee), imports) ?? '';
      if (JS_FACTORIES.test(name) && parent?.type !== 'VariableDeclarator') into.present.push({ file, line: jsLine(node), what: name });
      if (name === '@nestjs/throttler.ThrottlerModule.forRoot' || name === '@nestjs/throttler.ThrottlerModule.forRootAsync') {
        into.defs.push({ file, line: jsLine(node), column: jsColumn(node), label: '@nestjs/throttler ThrottlerModule', name: 'ThrottlerModule', keys: ['nest#ThrottlerGuard'] });
      }
    }
    if (type === 'FunctionDeclaration' && node.id && LIMIT_CLASS.test(node.id.name)) into.present.push({ file, line: jsLine(node), what: node.id.name });
    return undefined;
  });
  for (const d of into.defs) if (d.file === file && defaultExported.has(d.name)) d.keys.push(`${file}#default`);
  // A name this module neither imports nor defines a limiter under keys to `file#name`, which no
  // limiter anywhere has (their keys name their own file): only the others are uses that count.
  const ownKeys = new Set<string>();
  for (const d of into.defs) for (const k of d.keys) ownKeys.add(k);
  for (const name of referenced) {
    const binding = imports.get(name);
    const key = keyOf(name);
    if (binding || ownKeys.has(key)) into.used.add(key);
    if (binding?.source === '@nestjs/throttler' && binding.imported === 'ThrottlerGuard') into.used.add('nest#ThrottlerGuard');
  }
}

const EXPORTS = /^(?:module\.)?exports(?:\.|$)/;

/** An identifier that names a value in use (not a declaration, import/export, key or property). */
function isReference(node: Node, parent: Node | undefined, ancestors: readonly Node[], exportAssignments: ReadonlySet<Node>): boolean {
  if (!parent) return false;
  if (parent.type === 'VariableDeclarator' && parent.id === node) return false;
  if (parent.type === 'ExportSpecifier' || parent.type === 'ExportDefaultDeclaration') return false;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node && !parent.computed) return false;
  if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod') && (parent as { key: Node }).key === node && !(parent as { computed?: boolean }).computed) {
    // `{ limiter }` shorthand is a reference, unless it is `module.exports = { limiter }`.
    if (!(parent.type === 'ObjectProperty' && parent.shorthand)) return false;
  }
  // `const { limiter } = require('./x')`: a binding, not a use.
  if (parent.type === 'ObjectProperty' && ancestors[ancestors.length - 2]?.type === 'ObjectPattern') return false;
  if ((parent.type === 'FunctionDeclaration' || parent.type === 'ClassDeclaration') && (parent as { id?: Node | null }).id === node) return false;
  // Inside `module.exports = …` / `exports.x = …` (recorded when the walk entered it).
  if (exportAssignments.size) for (let i = ancestors.length - 1; i >= 0; i--) if (exportAssignments.has(ancestors[i])) return false;
  return true;
}

/** The limiters that nothing registers, given every file's facts. */
export function unregistered(facts: LimitFacts): LimiterDef[] {
  return facts.defs.filter((d) => !d.registeredInPlace && !d.keys.some((k) => isUsed(facts.used, k)));
}

/**
 * Python module names depend on the source root (`backend/app/limiter.py` is imported as
 * `app.limiter`): a use matches a definition when it names a dotted suffix of it.
 */
function isUsed(used: readonly ReadonlySet<string>[], key: string): boolean {
  const has = (k: string) => used.some((set) => set.has(k));
  if (has(key)) return true;
  if (key.includes('#')) return false;
  const parts = key.split('.');
  for (let i = 1; i < parts.length - 1; i++) if (has(parts.slice(i).join('.'))) return true;
  return false;
}

/** Whether some registered limiter applies to every route (Python apps; JS scopes say it per route). */
export function appWideLimit(facts: LimitFacts): boolean {
  const dead = new Set(unregistered(facts));
  return facts.defs.some((d) => d.appWide && !dead.has(d)) || facts.present.some((p) => /throttling\.|Throttle$/.test(p.what));
}
