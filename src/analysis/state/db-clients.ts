import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';
import { calleeName, columnOf as jsColumn, isFunction, lineOf as jsLine, memberPath, topLevelStatements, walk as walkJs } from '../js/index.js';
import { callInfo, columnOf, decoratorsOf, dottedName, enclosingClass, enclosingFunction, lineOf, walk as walkPy } from '../python/index.js';
import { jsRequestPaths } from './request-paths-js.js';
import { pyRequestPaths } from './request-paths-py.js';

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

export interface ClientFacts {
  /** Built directly on a request path of this module. */
  inRequest: ClientConstruction[];
  /** Module-level functions that build a new client on every call: name → constructions. */
  factories: Map<string, ClientConstruction[]>;
  /** Imported functions request paths call (`app.deps.get_redis` / `src/db.ts#getClient`). */
  calls: { target: string; line: number }[];
}

/** Redis/database clients a Python module constructs per call, and where request paths lead. */
export function pyClientFacts(file: ParsedFile<'python'>): ClientFacts {
  const imports = pyImportsOf(file);
  const paths = pyRequestPaths(file);
  const facts: ClientFacts = { inRequest: [], factories: new Map(), calls: paths.calls };
  walkPy(file.model.root, (node) => {
    if (node.type !== 'call') return undefined;
    const call = callInfo(node, imports);
    if (!call.name || !PY_CLIENTS.test(call.name) || call.kwargs.has('connection_pool')) return undefined;
    const fn = enclosingFunction(node);
    if (!fn || pyCached(node, fn)) return undefined;
    const construction: ClientConstruction = { line: lineOf(node), column: columnOf(node), client: call.name, fn: fn.childForFieldName('name')?.text ?? '', localFile: LOCAL_FILE_DB.test(call.name) };
    let outer: PyNode = fn;
    for (let f = enclosingFunction(fn); f; f = enclosingFunction(f)) outer = f;
    if (paths.ids.has(fn.id) || paths.ids.has(outer.id)) facts.inRequest.push(construction);
    else if (outer.id === fn.id && !enclosingClass(fn)) {
      const list = facts.factories.get(construction.fn) ?? [];
      list.push(construction);
      facts.factories.set(construction.fn, list);
    }
    return undefined;
  });
  return facts;
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
  const paths = jsRequestPaths(file, inventory);
  const facts: ClientFacts = { inRequest: [], factories: new Map(), calls: paths.calls };
  const moduleFns = new Map<Node, string>();
  const moduleNames = new Set<string>();
  for (const s of topLevelStatements(file.model.ast.program)) {
    if (s.type === 'FunctionDeclaration' && s.id) moduleFns.set(s, s.id.name);
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier') continue;
        moduleNames.add(d.id.name);
        if (isFunction(d.init)) moduleFns.set(d.init!, d.id.name);
      }
    }
  }
  walkJs(file.model.ast, (node, ancestors) => {
    if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return undefined;
    const name = calleeName(node, imports);
    if (!name || !JS_CLIENTS.test(name)) return undefined;
    // `import Redis from 'ioredis'` is also a name for things that are not constructors.
    if (name === 'ioredis' && node.type !== 'NewExpression') return undefined;
    const fnIndex = lastFunctionIndex(ancestors);
    if (fnIndex < 0 || jsCached(ancestors, moduleNames)) return undefined;
    const fn = ancestors[fnIndex];
    const outer = ancestors.find((a) => isFunction(a))!;
    const construction: ClientConstruction = { line: jsLine(node), column: jsColumn(node), client: name, fn: jsFunctionName(fn, ancestors[fnIndex - 1]) ?? moduleFns.get(outer) ?? '(anonymous)', localFile: LOCAL_FILE_DB.test(name) };
    if (paths.fns.has(fn) || paths.fns.has(outer)) facts.inRequest.push(construction);
    else if (moduleFns.has(outer)) {
      const key = moduleFns.get(outer)!;
      const list = facts.factories.get(key) ?? [];
      list.push(construction);
      facts.factories.set(key, list);
    }
    return undefined;
  });
  return facts;
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
