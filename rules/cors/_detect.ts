import type { Node } from '@babel/types';
import type { Inventory } from '../../src/engine/inventory.js';
import type { ParsedFile } from '../../src/engine/types.js';
import { JsConstants, jsSymOf, type JsNameContext } from '../../src/analysis/consts/js.js';
import { PyConstants, pySymOf } from '../../src/analysis/consts/python.js';
import { REFLECT_VALUE, SymResolver, UNKNOWN_VALUE, type Concrete, type Outcome, type Sym } from '../../src/analysis/consts/sym.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { enclosingFunction as jsEnclosingFunction, isFunction, walk as jsWalk } from '../../src/analysis/js/ast.js';
import { calleeName, memberPath, memberPropertyName } from '../../src/analysis/js/names.js';
import { staticString } from '../../src/analysis/js/values.js';
import { callInfo, dottedName, enclosingFunction, lineOf, columnOf, qualify, stringValue, walk, type PyCall } from '../../src/analysis/python/index.js';
import type { PyNode } from '../../src/parsers/python.js';
import { scannedNodes } from '../../src/analysis/python/scan-nodes.js';
import { isTestPath, isExamplePath } from '../../src/io/paths.js';
import { authSignalOfJs, authSignalOfPython } from './_auth.js';

/**
 * Where an application configures CORS, as plain data: the origin and credentials settings as
 * symbolic values (resolved across modules in `done()`), for both cors rules.
 */
export interface CorsSite {
  path: string;
  line: number;
  column: number;
  /** What configures it, for messages: `CORSMiddleware`, `cors()`, `Access-Control-Allow-Origin`. */
  what: string;
  origin: Sym;
  credentials: Sym;
  /** Django's `CORS_ALLOW_ALL_ORIGINS = True`: the origin value is an allow-all switch. */
  allowAllSwitch?: boolean;
  /** JS cors packages: `origin: true` reflects the request's origin. */
  trueReflects?: boolean;
}

export interface HostsSite {
  path: string;
  line: number;
  hosts: Sym;
}

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const WILDCARD: Sym = { k: 'lit', v: '*' };
const FALSE: Sym = { k: 'lit', v: false };
const REFLECT = (text: string): Sym => ({ k: 'reflect', text });

const shared = new WeakMap<Inventory, CorsCollector>();

/**
 * The one collector of a scan, fed by both cors rules: each file is read once, and both rules see
 * the same sites, hosts, constants and auth signal (plain data they only read).
 */
export function corsCollectorOf(inventory: Inventory): CorsCollector {
  let collector = shared.get(inventory);
  if (!collector) shared.set(inventory, (collector = new CorsCollector(inventory)));
  return collector;
}

export class CorsCollector {
  readonly sites: CorsSite[] = [];
  readonly hosts: HostsSite[] = [];
  private readonly pyConsts = new PyConstants();
  private readonly jsConsts = new JsConstants();
  /** First file that shows the app authenticates users (JWT, sessions, auth middleware). */
  auth?: { path: string; what: string };

  constructor(private readonly inventory: Inventory) {}

  /** Files already collected (the other cors rule visits them too). */
  private readonly seen = new WeakSet<object>();

  python(file: ParsedFile<'python'>): void {
    if (this.seen.has(file.model)) return;
    this.seen.add(file.model);
    this.pyConsts.add(file);
    if (!this.auth) {
      const what = authSignalOfPython(pyImportsOf(file));
      if (what) this.auth = { path: file.path, what };
    }
    if (isTestPath(file.path) || isExamplePath(file.path)) return;
    collectPython(file, this.sites, this.hosts);
  }

  js(file: ParsedFile<'js'>): void {
    if (this.seen.has(file.model)) return;
    this.seen.add(file.model);
    this.jsConsts.add(file, this.inventory);
    if (!this.auth) {
      const what = authSignalOfJs(jsImportsOf(file));
      if (what) this.auth = { path: file.path, what };
    }
    if (isTestPath(file.path) || isExamplePath(file.path)) return;
    collectJs(file, this.sites, (p) => this.inventory.has(p));
  }

  resolver(): SymResolver {
    return new SymResolver(this.pyConsts.layeredUnder(this.jsConsts.table));
  }
}

/** How an origin setting and a credentials setting can turn out. */
export interface CorsVerdict {
  /** Some outcome allows any origin. */
  anyOrigin: boolean;
  /** Allowing any origin depends on conditions (`DEBUG`): the tests, as written. */
  onlyWhen?: string;
  /** The wildcard comes from an environment variable's default. */
  envDefault?: string;
  reflects: boolean;
  credentials: boolean;
}

export function judge(site: CorsSite, resolver: SymResolver): CorsVerdict {
  const origins = resolver.outcomes(site.origin);
  const wild = origins.filter((o) => (site.allowAllSwitch ? o.value === true : allowsAny(site.trueReflects && o.value === true ? REFLECT_VALUE : o.value)));
  const credentials = resolver.outcomes(site.credentials).some((o) => o.value === true || (typeof o.value === 'string' && o.value.toLowerCase() === 'true'));
  if (!wild.length) return { anyOrigin: false, reflects: false, credentials };
  const unconditional = wild.find((o) => o.conds.length === 0);
  return {
    anyOrigin: true,
    onlyWhen: unconditional ? undefined : conditionText(wild),
    envDefault: (unconditional ?? wild[0]).envDefault,
    reflects: wild.some((o) => containsReflect(o.value) || (!!site.trueReflects && o.value === true)),
    credentials,
  };
}

function conditionText(outcomes: Outcome[]): string {
  const tests = new Set<string>();
  for (const o of outcomes) for (const c of o.conds) if (!/^not /.test(c) || o.conds.length === 1) tests.add(c);
  return [...tests].slice(0, 2).join(' and ') || 'a condition';
}

function allowsAny(value: Concrete): boolean {
  if (value === '*' || value === REFLECT_VALUE) return true;
  if (typeof value === 'string') return /^(?:\^?\.[*+]\$?|\*)$/.test(value.trim());
  if (Array.isArray(value)) return value.some((v) => allowsAny(v));
  return false;
}

function containsReflect(value: Concrete): boolean {
  return value === REFLECT_VALUE || (Array.isArray(value) && value.some(containsReflect));
}

export function isUnknown(value: Concrete): boolean {
  return value === UNKNOWN_VALUE;
}

// ─── Python ──────────────────────────────────────────────────────────────────────────────────

const STARLETTE_CORS = /(?:^|\.)CORSMiddleware$/;

function collectPython(file: ParsedFile<'python'>, sites: CorsSite[], hosts: HostsSite[]): void {
  const imports = pyImportsOf(file);
  const sym = (node: PyNode | null | undefined, fallback: Sym): Sym => (node ? pySymOf(node, imports, file.path) : fallback);
  const at = (node: PyNode) => ({ path: file.path, line: lineOf(node), column: columnOf(node) });
  const headerSets: { fn?: number; node: PyNode; name: string; value: PyNode }[] = [];

  const namesCors = PY_CORS_WORDS.test(file.text);
  const namesSettings = PY_SETTINGS_WORDS.test(file.text);
  for (const node of scannedNodes(file.model.root)) {
    if (node.type === 'call') {
      // Without a CORS name in the module only a header `.set(…)`-like call can match (see PY_CORS_WORDS).
      if (!namesCors && !isHeaderSetter(node.childForFieldName('function'))) continue;
      // `callInfo` (arguments and all) only for callees one of the branches below can match.
      const written = dottedName(node.childForFieldName('function'));
      const name = qualify(written, imports) ?? '';
      if (!PY_CANDIDATE_NAME.test(name) && !PY_CANDIDATE_WRITTEN.test(written ?? '')) continue;
      const call = callInfo(node, imports);
      // app.add_middleware(CORSMiddleware, …), Middleware(CORSMiddleware, …)
      if ((/(?:^|\.)add_middleware$/.test(call.written ?? '') || /(?:^|\.)Middleware$/.test(name)) && STARLETTE_CORS.test(qualifiedFirst(call, imports) ?? '')) {
        sites.push(starletteSite(call, sym, at(node)));
      } else if (STARLETTE_CORS.test(name) && /starlette|fastapi/.test(name)) {
        sites.push(starletteSite(call, sym, at(node)));
      } else if (/^litestar\.(?:config\.cors\.)?CORSConfig$/.test(name)) {
        // Litestar's CORSConfig allows every origin unless `allow_origins` says otherwise.
        sites.push({ ...at(node), what: 'CORSConfig', origin: sym(call.kwargs.get('allow_origins'), { k: 'list', items: [WILDCARD] }), credentials: sym(call.kwargs.get('allow_credentials'), FALSE) });
      } else if (name === 'aiohttp_cors.ResourceOptions' && node.parent?.type === 'pair') {
        // aiohttp_cors.setup(app, defaults={"*": ResourceOptions(allow_credentials=True)}): the key is the origin.
        const key = node.parent.childForFieldName('key');
        if (key) sites.push({ ...at(node), what: 'aiohttp_cors', origin: sym(key, FALSE), credentials: sym(call.kwargs.get('allow_credentials'), FALSE) });
      } else if (name === 'flask_cors.CORS' || name === 'flask_cors.cross_origin') {
        sites.push({ ...at(node), what: name === 'flask_cors.CORS' ? 'CORS(app)' : '@cross_origin', origin: flaskOrigins(call, sym), credentials: sym(call.kwargs.get('supports_credentials'), FALSE) });
      } else if (call.written && /\.(?:set|add|setdefault|__setitem__)$/.test(call.written) && call.args.length >= 2) {
        const header = corsHeaderOf(call.args[0]);
        if (header) headerSets.push({ fn: enclosingFunction(node)?.id, node, name: header, value: call.args[1] });
      }
    }
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript' && right) {
        const header = corsHeaderOf(left.childForFieldName('subscript'));
        if (header) headerSets.push({ fn: enclosingFunction(node)?.id, node, name: header, value: right });
      }
      // Django settings: module-level assignments only.
      if (namesSettings && left?.type === 'identifier' && right && node.parent?.parent?.type === 'module') {
        const key = left.text;
        if (key === 'CORS_ALLOW_ALL_ORIGINS' || key === 'CORS_ORIGIN_ALLOW_ALL') {
          sites.push({ ...at(node), what: key, origin: sym(right, FALSE), credentials: { k: 'ref', name: `${moduleOf(file.path)}.CORS_ALLOW_CREDENTIALS` }, allowAllSwitch: true });
        } else if (key === 'CORS_ALLOWED_ORIGIN_REGEXES' || key === 'CORS_ORIGIN_REGEX_WHITELIST') {
          sites.push({ ...at(node), what: key, origin: sym(right, FALSE), credentials: { k: 'ref', name: `${moduleOf(file.path)}.CORS_ALLOW_CREDENTIALS` } });
        } else if (key === 'ALLOWED_HOSTS') {
          hosts.push({ path: file.path, line: lineOf(node), hosts: sym(right, FALSE) });
        }
      }
    }
    if (node.type === 'pair') {
      const header = corsHeaderOf(node.childForFieldName('key'));
      const value = node.childForFieldName('value');
      if (header && value) headerSets.push({ fn: enclosingFunction(node)?.id, node, name: header, value });
    }
  }

  for (const set of headerSets) {
    if (set.name !== ACAO) continue;
    const creds = headerSets.find((s) => s.name === ACAC && s.fn === set.fn);
    const origin = pyOriginValue(set.value, set.node, imports, file.path);
    if (!origin) continue;
    sites.push({ ...at(set.node), what: 'Access-Control-Allow-Origin', origin, credentials: creds ? sym(creds.value, FALSE) : FALSE });
  }
}

/**
 * Sound: a qualified callee name is made of identifiers written in the module (at the call or in
 * its import; identifiers take no escapes), so PY_CANDIDATE_NAME, and `add_middleware` with a
 * CORSMiddleware argument, can match only in a module spelling one of these.
 */
const PY_CORS_WORDS = /Middleware|CORSConfig|aiohttp_cors|flask_cors/;
/** Sound: the Django settings `collectPython` reads are identifiers, written as such. */
const PY_SETTINGS_WORDS = /CORS_|ALLOWED_HOSTS/;
/** The methods of PY_CANDIDATE_WRITTEN's header branch, called on an attribute. */
const HEADER_SETTERS = new Set(['set', 'add', 'setdefault', '__setitem__']);

/** Whether a callee is `x.<one of HEADER_SETTERS>`; the name is read only at one of their lengths. */
function isHeaderSetter(callee: PyNode | null): boolean {
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : undefined;
  if (!name) return false;
  const length = name.endIndex - name.startIndex;
  return (length === 3 || length === 10 || length === 11) && HEADER_SETTERS.has(name.text);
}

/** Qualified names and callees as written that some branch of `collectPython` can match. */
const PY_CANDIDATE_NAME = /(?:^|\.)Middleware$|CORSMiddleware$|CORSConfig$|^aiohttp_cors\.ResourceOptions$|^flask_cors\./;
const PY_CANDIDATE_WRITTEN = /(?:^|\.)add_middleware$|\.(?:set|add|setdefault|__setitem__)$/;

/** The first argument as a dotted name with its head resolved through the imports. */
function qualifiedFirst(call: PyCall, imports: ReturnType<typeof pyImportsOf>): string | undefined {
  const first = call.args[0] ? dottedName(call.args[0]) : undefined;
  if (!first) return undefined;
  const head = first.split('.')[0];
  const target = imports.get(head);
  return target ? `${target}${first.slice(head.length)}` : first;
}

/**
 * `access-control-allow-origin` / `-credentials` when a string node spells one (any case). A node
 * shorter than the origin header cannot: a string's value is never longer than its source text.
 */
function corsHeaderOf(node: PyNode | null | undefined): string | undefined {
  if (!node || node.endIndex - node.startIndex < ACAO.length) return undefined;
  const header = stringValue(node)?.toLowerCase();
  return header === ACAO || header === ACAC ? header : undefined;
}

function moduleOf(path: string): string {
  return path.replace(/\.pyw?$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

function starletteSite(call: PyCall, sym: (n: PyNode | undefined, f: Sym) => Sym, at: { path: string; line: number; column: number }): CorsSite {
  const origins = sym(call.kwargs.get('allow_origins'), { k: 'list', items: [] });
  const regex = call.kwargs.get('allow_origin_regex');
  const origin: Sym = regex ? { k: 'list', items: [origins, sym(regex, { k: 'lit', v: null })] } : origins;
  return { ...at, what: 'CORSMiddleware', origin, credentials: sym(call.kwargs.get('allow_credentials'), FALSE) };
}

/** Flask-CORS: `origins=` (default `*`), or per-resource `resources={r"/api/*": {"origins": …}}`. */
function flaskOrigins(call: PyCall, sym: (n: PyNode | undefined, f: Sym) => Sym): Sym {
  const origins = call.kwargs.get('origins');
  if (origins) return sym(origins, WILDCARD);
  const resources = call.kwargs.get('resources');
  if (resources?.type === 'dictionary') {
    const items: Sym[] = [];
    for (const pair of resources.namedChildren) {
      const options = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
      if (options?.type !== 'dictionary') continue;
      const o = options.namedChildren.find((p) => p?.type === 'pair' && stringValue(p.childForFieldName('key')) === 'origins');
      items.push(o ? sym(o.childForFieldName('value') ?? undefined, WILDCARD) : WILDCARD);
    }
    return { k: 'list', items };
  }
  return WILDCARD;
}

/** A hand-set origin header: `*`, a reflected request Origin (unless checked first), or a value. */
function pyOriginValue(value: PyNode, at: PyNode, imports: ReturnType<typeof pyImportsOf>, path: string): Sym | undefined {
  const fn = enclosingFunction(at);
  const origin = pyOriginRead(value, fn);
  if (origin) return pyGuarded(at, origin, fn) ? undefined : REFLECT(origin);
  return pySymOf(value, imports, path);
}

function pyOriginRead(node: PyNode, fn: PyNode | undefined, depth = 0): string | undefined {
  let found: string | undefined;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === 'string') {
      const v = stringValue(n)?.toLowerCase();
      if ((v === 'origin' || v === 'http_origin') && /headers|META|environ/.test(n.parent?.parent?.text ?? '')) found = 'Origin';
      return false;
    }
    if (n.type === 'identifier' && fn && depth < 2 && /origin/i.test(n.text)) {
      const assigned = assignmentOf(fn, n.text);
      if (assigned && pyOriginRead(assigned, fn, depth + 1)) found = n.text;
    }
    return undefined;
  });
  return found;
}

function assignmentOf(fn: PyNode, name: string): PyNode | undefined {
  let value: PyNode | undefined;
  walk(fn, (n) => {
    if (value) return false;
    if (n.type === 'assignment' && n.childForFieldName('left')?.text === name) value = n.childForFieldName('right') ?? undefined;
    return undefined;
  });
  return value;
}

/** Whether an enclosing `if` tests the origin (an allow-list check before reflecting it). */
function pyGuarded(node: PyNode, originName: string, fn: PyNode | undefined): boolean {
  for (let p = node.parent; p && p !== fn; p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'conditional_expression' || p.type === 'elif_clause') {
      const test = p.type === 'conditional_expression' ? p.namedChild(1) : p.childForFieldName('condition');
      if (test && (test.text.includes(originName) || /origin/i.test(test.text))) return true;
    }
  }
  return false;
}

// ─── JavaScript / TypeScript ────────────────────────────────────────────────────────────────

/** CORS packages and what they do when `origin` is not set. */
const JS_CORS: Record<string, Sym> = {
  cors: WILDCARD,
  '@koa/cors': REFLECT('@koa/cors default'),
  'koa2-cors': WILDCARD,
  'koa-cors': REFLECT('koa-cors default'),
  '@fastify/cors': WILDCARD,
  'fastify-cors': WILDCARD,
  'hono/cors.cors': WILDCARD,
  '@hono/cors': WILDCARD,
};

function collectJs(file: ParsedFile<'js'>, sites: CorsSite[], has: (p: string) => boolean): void {
  const imports = jsImportsOf(file);
  const ctx: JsNameContext = { path: file.path, imports, has };
  const at = (node: Node) => ({ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
  const optionsSym = (node: Node | undefined): Sym => (node ? jsSymOf(node, ctx, (fn) => (reflectsAnyOrigin(fn) ? REFLECT('origin callback') : { k: 'unknown', text: 'origin callback' })) : { k: 'dict', entries: {} });
  const headerSets: { fn?: Node; node: Node; name: string; value: Node; ancestors: readonly Node[] }[] = [];

  const namesCors = JS_CORS_WORD.test(file.text);
  jsWalk(file.model.ast, (node, ancestors) => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const args = node.arguments as Node[];
      const callee = (node as { callee: Node }).callee;
      const last = lastMemberName(callee);
      const name = namesCors ? (calleeName(node, imports) ?? '') : '';
      // Own keys only: `toString()` is no cors package.
      if (namesCors && Object.hasOwn(JS_CORS, name)) {
        sites.push(jsCorsSite(at(node), `${name.replace(/\.cors$/, '')}()`, optionsSym(args[0]), JS_CORS[name]));
      }
      // fastify.register(cors, { … }) / register(require('@fastify/cors'), { … }); the module may be
      // a constant expression (`'@fastify/' + 'cors'`), so this branch does not wait for the word.
      const plugin = args[0] && last === 'register' && /\.register$/.test(memberPath(callee) ?? '') ? pluginModule(args[0], imports) : undefined;
      if (plugin && Object.hasOwn(JS_CORS, plugin)) {
        sites.push(jsCorsSite(at(node), `register(${plugin})`, optionsSym(args[1]), JS_CORS[plugin]));
      }
      if (namesCors) {
        const written = memberPath(callee) ?? '';
        if (/\.enableCors$/.test(written)) sites.push(jsCorsSite(at(node), 'enableCors()', optionsSym(args[0]), WILDCARD));
        if (/(?:^|\.)NestFactory\.create$/.test(name) || written === 'NestFactory.create') {
          const options = args[1];
          if (options?.type === 'ObjectExpression') {
            const corsProp = options.properties.find((p) => p.type === 'ObjectProperty' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'cors');
            if (corsProp?.type === 'ObjectProperty') {
              const v = corsProp.value as Node;
              if (v.type === 'BooleanLiteral') {
                if (v.value) sites.push(jsCorsSite(at(corsProp), 'NestFactory.create({ cors: true })', { k: 'dict', entries: {} }, WILDCARD));
              } else sites.push(jsCorsSite(at(corsProp), 'NestFactory.create({ cors })', optionsSym(v), WILDCARD));
            }
          }
        }
      }
      // res.setHeader('Access-Control-Allow-Origin', v), ctx.set(…), reply.header(…), headers.set(…)
      if (args.length >= 2 && HEADER_METHODS.has(last ?? '') && /\.(?:setHeader|header|set|append|appendHeader)$/.test(memberPath(callee) ?? '')) {
        const header = staticString(args[0])?.toLowerCase();
        if (header === ACAO || header === ACAC) headerSets.push({ fn: jsEnclosingFunction(ancestors), node, name: header, value: args[1], ancestors: [...ancestors] });
      }
    }
    if (node.type === 'ObjectProperty') {
      const key = !node.computed && node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined;
      // Only a key as long as a header can lower-case to one (lower-casing to ASCII keeps the length).
      const header = key?.length === ACAO.length || key?.length === ACAC.length ? key.toLowerCase() : undefined;
      if (header === ACAO || header === ACAC) headerSets.push({ fn: jsEnclosingFunction(ancestors), node, name: header, value: node.value as Node, ancestors: [...ancestors] });
    }
    return undefined;
  });

  for (const set of headerSets) {
    if (set.name !== ACAO) continue;
    const creds = headerSets.find((s) => s.name === ACAC && s.fn === set.fn);
    const read = jsOriginRead(set.value, set.fn);
    let origin: Sym;
    if (read) {
      if (jsGuarded(set.ancestors, read, set.fn)) continue;
      origin = REFLECT(read);
    } else origin = jsSymOf(set.value, ctx);
    sites.push({ ...at(set.node), what: 'Access-Control-Allow-Origin', origin, credentials: creds ? jsSymOf(creds.value, ctx) : FALSE });
  }
}

/**
 * Sound: a callee resolving to a cors package, `enableCors` and Nest's `cors` option are spelled in
 * the module's text (identifiers and string literals), or written with escapes (a backslash).
 */
const JS_CORS_WORD = /cors|\\/i;
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);

/** The last segment `memberPath` would give a callee (through the same wrappers), without building it. */
function lastMemberName(node: Node): string | undefined {
  switch (node.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return memberPropertyName(node);
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TypeCastExpression':
    case 'ParenthesizedExpression':
      return lastMemberName(node.expression);
    default:
      return undefined;
  }
}

function jsCorsSite(at: { path: string; line: number; column: number }, what: string, options: Sym, defaultOrigin: Sym): CorsSite {
  // Options passed by name resolve in done(); a literal object is read here.
  if (options.k === 'dict') {
    return { ...at, what, origin: options.entries.origin ?? defaultOrigin, credentials: options.entries.credentials ?? FALSE, trueReflects: true };
  }
  if (options.k === 'ref') {
    return { ...at, what, origin: { k: 'ref', name: `${options.name}.origin` }, credentials: { k: 'ref', name: `${options.name}.credentials` }, trueReflects: true };
  }
  return { ...at, what, origin: { k: 'unknown', text: 'options' }, credentials: FALSE };
}

function pluginModule(node: Node, imports: ReturnType<typeof jsImportsOf>): string | undefined {
  if (node.type === 'Identifier') {
    const binding = imports.get(node.name);
    return binding ? binding.source : undefined;
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') return staticString(node.arguments[0] as Node);
  if (node.type === 'AwaitExpression' && node.argument.type === 'CallExpression' && node.argument.callee.type === 'Import') return staticString(node.argument.arguments[0] as Node);
  return undefined;
}

/**
 * `origin: (origin, cb) => cb(null, true)`, `origin: (ctx) => ctx.get('Origin')`: a callback that
 * allows whatever it is given, with no test of the origin on the way.
 */
function reflectsAnyOrigin(fn: Node): boolean {
  if (!isFunction(fn)) return false;
  let branches = false;
  let allows = false;
  const first = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : undefined;
  const cb = fn.params[1]?.type === 'Identifier' ? fn.params[1].name : undefined;
  jsWalk(fn.body, (n) => {
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'SwitchStatement' || (n.type === 'LogicalExpression' && n.operator === '&&')) branches = true;
    if (n.type === 'CallExpression') {
      const callee = memberPath(n.callee) ?? '';
      if (/\.(?:includes|indexOf|has|test|some|match|startsWith|endsWith|find)$/.test(callee)) branches = true;
      if (cb && callee === cb) {
        const arg = n.arguments[1] as Node | undefined;
        if (arg && ((arg.type === 'BooleanLiteral' && arg.value) || (arg.type === 'Identifier' && arg.name === first))) allows = true;
      }
    }
    if (n.type === 'ReturnStatement' && n.argument) allows ||= returnsOrigin(n.argument, first);
    return undefined;
  });
  if (fn.body.type !== 'BlockStatement') allows ||= returnsOrigin(fn.body, first);
  return allows && !branches;
}

function returnsOrigin(node: Node, first: string | undefined): boolean {
  if (node.type === 'BooleanLiteral') return node.value;
  if (node.type === 'StringLiteral') return node.value === '*';
  if (node.type === 'Identifier') return node.name === first;
  return !!jsOriginRead(node, undefined);
}

/** `req.headers.origin`, `ctx.get('Origin')`, `req.header('origin')`, `request.headers.get('origin')`, or a local bound to one. */
function jsOriginRead(node: Node, fn: Node | undefined, depth = 0): string | undefined {
  let found: string | undefined;
  jsWalk(node, (n) => {
    if (found) return false;
    const path = memberPath(n);
    if (path && /(?:^|\.)(?:headers|header)\.origin$/i.test(path)) found = path;
    if (n.type === 'CallExpression') {
      const callee = memberPath(n.callee) ?? '';
      const arg = staticString(n.arguments[0] as Node)?.toLowerCase();
      if (arg === 'origin' && /(?:^|\.)(?:get|header|headers\.get)$/.test(callee)) found = `${callee}('origin')`;
    }
    if (n.type === 'Identifier' && fn && depth < 2 && /origin/i.test(n.name)) {
      const init = jsAssignmentOf(fn, n.name);
      if (init && jsOriginRead(init, fn, depth + 1)) found = n.name;
    }
    return undefined;
  });
  return found;
}

function jsAssignmentOf(fn: Node, name: string): Node | undefined {
  let value: Node | undefined;
  jsWalk(fn, (n) => {
    if (value) return false;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === name && n.init) value = n.init;
    return undefined;
  });
  return value;
}

function jsGuarded(ancestors: readonly Node[], read: string, fn: Node | undefined): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a === fn) break;
    const test = a.type === 'IfStatement' || a.type === 'ConditionalExpression' ? a.test : a.type === 'LogicalExpression' && a.operator === '&&' ? a.left : undefined;
    if (!test) continue;
    let mentions = false;
    jsWalk(test, (n) => {
      if ((n.type === 'Identifier' && (n.name === read || /origin/i.test(n.name))) || (memberPath(n) ?? '').toLowerCase().endsWith('origin')) mentions = true;
      return undefined;
    });
    if (mentions) return true;
  }
  return false;
}
