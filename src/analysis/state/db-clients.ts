import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';
import { calleeName, columnOf as jsColumn, isFunction, lineOf as jsLine, memberPath, topLevelStatements, walk as walkJs } from '../js/index.js';
import { absoluteModule, callInfo, columnOf, decoratorsOf, descendantsOfType, dottedName, enclosingClass, enclosingFunction, lineOf, qualify, walk as walkPy } from '../python/index.js';
import { jsCallIndex, lookupCallable, type JsCallables } from './callables-js.js';
import { jsRequestPaths } from './request-paths-js.js';
import { headOf, pyRequestPaths } from './request-paths-py.js';

const PY_CLIENTS = /^(?:redis(?:\.asyncio)?(?:\.client)?\.(?:(?:Redis|StrictRedis|ConnectionPool)(?:\.from_url)?|from_url)|aioredis\.(?:from_url|Redis|create_redis_pool|create_redis)|psycopg2?\.connect|psycopg\.(?:Async)?Connection\.connect|psycopg_pool\.(?:Async)?ConnectionPool|pymysql\.connect|MySQLdb\.connect|mysql\.connector\.connect|sqlalchemy\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine|pymongo\.MongoClient|motor\.motor_asyncio\.AsyncIOMotorClient|asyncpg\.(?:connect|create_pool)|aiomysql\.(?:connect|create_pool)|sqlite3\.connect|aiosqlite\.connect)$/;
const JS_CLIENTS = /^(?:ioredis(?:\.(?:Redis|default))?|redis\.createClient|@redis\/client\.createClient|pg\.(?:Pool|Client)|pg\.default\.(?:Pool|Client)|mysql2?(?:\/promise)?\.(?:createConnection|createPool)|mongodb\.MongoClient|mongoose\.(?:connect|createConnection)|@prisma\/client\.PrismaClient|sequelize(?:\.Sequelize)?|knex|typeorm\.DataSource|better-sqlite3)$/;
const LOCAL_FILE_DB = /sqlite/;
const CACHED_DECORATOR = /^(?:functools\.)?(?:lru_cache|cache)$/;

export interface ClientConstruction {
  line: number;
  column: number;
  /** The constructor as resolved: `redis.Redis`, `pg.Pool`. */
  client: string;
  /** The function it is built in. */
  fn: string;
  /** SQLite opens a local file: cheap, so a lower priority. */
  localFile: boolean;
}

/** What calling one function of a module does, followed within the module. */
export interface HelperSummary {
  /** Clients built anew on every call (in the function or the module functions it calls). */
  constructions: ClientConstruction[];
  /** Functions of other modules it calls, written like `ClientFacts.calls` targets. */
  calls: string[];
}

export interface ClientFacts {
  /** Built directly on a request path of this module. */
  inRequest: ClientConstruction[];
  /**
   * Functions other modules may call, by the name they are called by (`get_redis`, `getCached`,
   * `cache.get` for a module-level instance), that build clients or call into other modules.
   */
  helpers: Map<string, HelperSummary>;
  /** Functions of other modules request paths call (`app.deps.get_redis` / `src/db.ts#getClient`). */
  calls: { target: string; line: number }[];
}

/** Redis/database clients a Python module constructs per call, and where request paths lead. */
export function pyClientFacts(file: ParsedFile<'python'>): ClientFacts {
  const imports = pyImportsOf(file);
  const paths = pyRequestPaths(file);
  const facts: ClientFacts = { inRequest: [], helpers: new Map(), calls: paths.calls };
  const built = new Map<number, ClientConstruction[]>();
  // Module-level functions (outside classes and functions), the last definition of a name winning.
  const functions = paths.functions;
  for (const node of mayConstructPyClient(file.text) ? descendantsOfType(file.model.root, 'call') : []) {
    // The callee's name first: the full call (arguments, keywords) only for the few client constructors.
    const name = qualify(dottedName(node.childForFieldName('function')), imports);
    if (!name || !PY_CLIENTS.test(name)) continue;
    const call = callInfo(node, imports);
    if (!call.name || !PY_CLIENTS.test(call.name) || call.kwargs.has('connection_pool')) continue;
    const fn = enclosingFunction(node);
    if (!fn || pyCached(node, fn)) continue;
    const construction: ClientConstruction = { line: lineOf(node), column: columnOf(node), client: call.name, fn: fn.childForFieldName('name')?.text ?? '', localFile: LOCAL_FILE_DB.test(call.name) };
    let outer: PyNode = fn;
    for (let f = enclosingFunction(fn); f; f = enclosingFunction(f)) outer = f;
    if (paths.ids.has(fn.id) || paths.ids.has(outer.id)) facts.inRequest.push(construction);
    else if (outer.id === fn.id && !enclosingClass(fn)) built.set(fn.id, [...(built.get(fn.id) ?? []), construction]);
  }
  // A module function that calls a local factory builds a client per call as well.
  const direct = new Map<number, { local: PyNode[]; calls: string[] }>();
  for (const fn of functions.values()) {
    const out = { local: [] as PyNode[], calls: [] as string[] };
    // The same calls the request-path walk read (a function is walked once for both).
    for (const { callee, isCall } of paths.callees(fn)) {
      if (!isCall) continue;
      const local = functions.get(callee);
      if (local) out.local.push(local);
      else if (imports.has(headOf(callee))) {
        const target = qualify(callee, imports);
        if (target) out.calls.push(target.startsWith('.') ? absoluteModule(target, file.path) : target);
      }
    }
    direct.set(fn.id, out);
  }
  for (const [name, fn] of functions) {
    const summary = closure(fn, (f) => direct.get(f.id)?.local ?? [], (f) => ({ constructions: built.get(f.id) ?? [], calls: direct.get(f.id)?.calls ?? [] }));
    if (summary.constructions.length || summary.calls.length) facts.helpers.set(name, summary);
  }
  return facts;
}

/**
 * Sound: every `PY_CLIENTS` name starts with one of these modules and ends with one of these
 * segments, and both are spelled in the module (in the call itself or in the import that
 * aliases it), so a module missing either constructs no client.
 */
function mayConstructPyClient(text: string): boolean {
  // Identifiers are matched exactly (case-sensitive), as `PY_CLIENTS` is.
  return /redis|psycopg|mysql|MySQLdb|sqlalchemy|pymongo|motor|asyncpg|sqlite/.test(text) && /Redis|ConnectionPool|from_url|create_redis|connect|_engine|MongoClient|MotorClient|create_pool/.test(text);
}

/** Everything calling `start` does, following calls to functions of the same module. */
function closure<F>(start: F, local: (fn: F) => F[], own: (fn: F) => HelperSummary): HelperSummary {
  // Most functions call no other function of their module: their own facts are the answer.
  if (!local(start).length) {
    const o = own(start);
    return { constructions: o.constructions.length ? [...new Set(o.constructions)].sort(byPosition) : [], calls: o.calls.length ? [...new Set(o.calls)] : [] };
  }
  const seen = new Set<F>();
  const queue = [start];
  const constructions = new Set<ClientConstruction>();
  const calls = new Set<string>();
  while (queue.length) {
    const fn = queue.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    const o = own(fn);
    for (const c of o.constructions) constructions.add(c);
    for (const c of o.calls) calls.add(c);
    queue.push(...local(fn));
  }
  return { constructions: [...constructions].sort(byPosition), calls: [...calls] };
}

function byPosition(a: ClientConstruction, b: ClientConstruction): number {
  return a.line - b.line || a.column - b.column;
}

/** The client is kept: assigned to an attribute or a global, or built in a cached factory. */
function pyCached(call: PyNode, fn: PyNode): boolean {
  if (decoratorsOf(fn).some((d) => CACHED_DECORATOR.test(dottedName(d.type === 'call' ? d.childForFieldName('function') : d) ?? ''))) return true;
  let node: PyNode = call;
  while (node.parent && (node.parent.type === 'await' || node.parent.type === 'parenthesized_expression')) node = node.parent;
  const assignment = node.parent?.type === 'assignment' ? node.parent : undefined;
  const left = assignment?.childForFieldName('left');
  if (!left) return false;
  if (left.type === 'attribute') return true;
  if (left.type === 'identifier') {
    let global = false;
    walkPy(fn, (n) => {
      if (n.type === 'global_statement' && n.namedChildren.some((c) => c?.text === left.text)) global = true;
      return undefined;
    });
    return global;
  }
  return false;
}

/** Redis/database clients a JS/TS module constructs per call, and where request paths lead. */
export function jsClientFacts(file: ParsedFile<'js'>, inventory: Inventory): ClientFacts {
  const imports = jsImportsOf(file);
  const index = jsCallIndex(file, inventory);
  const paths = jsRequestPaths(file, inventory, index);
  const callables = index.callables;
  const facts: ClientFacts = { inRequest: [], helpers: new Map(), calls: paths.calls };
  /** Constructions by every function they sit in, so that any caller of an enclosing function finds them. */
  const built = new Map<Node, ClientConstruction[]>();
  const moduleNames = new Set<string>();
  for (const s of topLevelStatements(file.model.ast.program)) {
    const declaration = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    if (declaration?.type === 'VariableDeclaration') for (const d of declaration.declarations) if (d.id.type === 'Identifier') moduleNames.add(d.id.name);
  }
  const fnNames = new Map<Node, string>();
  for (const [name, fn] of callables.fns) if (!fnNames.has(fn)) fnNames.set(fn, name);
  if (mayConstructJsClient(file.text)) walkJs(file.model.ast, (node, ancestors) => {
    if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return undefined;
    const name = calleeName(node, imports);
    if (!name || !JS_CLIENTS.test(name)) return undefined;
    // `import Redis from 'ioredis'` is also a name for things that are not constructors.
    if (name === 'ioredis' && node.type !== 'NewExpression') return undefined;
    const fnIndex = lastFunctionIndex(ancestors);
    if (fnIndex < 0 || jsCached(ancestors, moduleNames)) return undefined;
    const fn = ancestors[fnIndex];
    const enclosing = ancestors.filter((a) => isFunction(a));
    const outer = enclosing[0];
    const construction: ClientConstruction = { line: jsLine(node), column: jsColumn(node), client: name, fn: jsFunctionName(fn, ancestors[fnIndex - 1]) ?? fnNames.get(outer)?.replace(/^.*\./, '') ?? '(anonymous)', localFile: LOCAL_FILE_DB.test(name) };
    if (paths.fns.has(fn) || paths.fns.has(outer)) facts.inRequest.push(construction);
    else for (const f of enclosing) built.set(f, [...(built.get(f) ?? []), construction]);
    return undefined;
  });
  const callsOf = index.callsOf;
  const summarize = (fn: Node) =>
    closure(fn, (f) => callsOf(f).local, (f) => ({ constructions: built.get(f) ?? [], calls: callsOf(f).imported.map((c) => c.target) }));
  for (const name of callableNames(callables)) {
    const fn = lookupCallable(callables, name);
    if (!fn || paths.fns.has(fn)) continue;
    const summary = summarize(fn);
    if (summary.constructions.length || summary.calls.length) facts.helpers.set(name, summary);
  }
  return facts;
}

/**
 * Sound: every `JS_CLIENTS` name starts with its package name, spelled in the module either in
 * the call as written or in the import/require that binds it, unless written with escapes
 * (`'\x70g'`, `\u0070g`), which need a backslash.
 */
function mayConstructJsClient(text: string): boolean {
  // Package names are lowercase and `JS_CLIENTS` matches them exactly.
  return /redis|pg|mysql|mongo|prisma|sequelize|knex|typeorm|sqlite|\\/.test(text);
}

/** The names other modules call this module's functions by. */
function callableNames(c: JsCallables): string[] {
  const names = new Set(c.fns.keys());
  for (const [variable, cls] of c.instances) for (const key of c.fns.keys()) if (key.startsWith(`${cls}.`)) names.add(`${variable}${key.slice(cls.length)}`);
  for (const [exported, local] of c.exports) {
    for (const name of [...names]) if (name === local || name.startsWith(`${local}.`)) names.add(`${exported}${name.slice(local.length)}`);
  }
  return [...names].sort();
}

function lastFunctionIndex(ancestors: readonly Node[]): number {
  for (let i = ancestors.length - 1; i >= 0; i--) if (isFunction(ancestors[i])) return i;
  return -1;
}

/** `this.client = new Redis()`, `client ??= new Redis()` on a module variable, `globalThis.prisma ??= …`. */
function jsCached(ancestors: readonly Node[], moduleNames: Set<string>): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'AwaitExpression' || a.type === 'TSAsExpression' || a.type === 'ParenthesizedExpression' || a.type === 'LogicalExpression') continue;
    if (a.type === 'AssignmentExpression') {
      if (a.left.type === 'MemberExpression') return true;
      return a.left.type === 'Identifier' && moduleNames.has(a.left.name);
    }
    return false;
  }
  return false;
}

function jsFunctionName(fn: Node, parent: Node | undefined): string | undefined {
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') && fn.key.type === 'Identifier') return fn.key.name;
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'ExportDefaultDeclaration') return 'default';
  return memberPath(parent?.type === 'ObjectProperty' ? parent.key : undefined);
}
