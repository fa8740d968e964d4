import type { Node } from '@babel/types';
import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { basename } from '../io/paths.js';
import type { JsModel } from '../parsers/js.js';
import type { PythonModel } from '../parsers/python.js';
import { jsImportsOf, jsRoutesOf, pyImportsOf, pyRoutesOf } from './facts.js';
import { calleeName, jsWebFrameworkOf, topLevelStatements, walk as walkJs } from './js/index.js';
import { resolveImport } from './js/resolve-import.js';
import { absoluteModule, underMainGuard, walk as walkPy, webFrameworkOf } from './python/index.js';
import { Memo } from './memo.js';

/**
 * What a module is to a service, as plain data: whether it is a server module (imports a web
 * framework or declares routes), a script/CLI, or front-end code, and what it imports. The
 * server-scope decision (src/analysis/server-scope.ts) joins these across files.
 */
export interface ModuleFacts {
  path: string;
  language: 'python' | 'js';
  /** Imports a web framework (not just `http` for a client) or declares routes. */
  serverModule: boolean;
  /** The module that declares an app (FastAPI(), express(), NestFactory, Django settings). */
  appLine?: number;
  /** A CLI, a build config, a migration, a `__main__`-only module: never server code. */
  scriptLike: boolean;
  /** Browser code: React/Vue components, pages that are not API routes, `'use client'`. */
  frontEnd: boolean;
  /** Marked as server-side without being a server module: `'use server'`, `server-only`, `next/server`. */
  serverMarked: boolean;
  /** Python: absolute module names imported; JS: scanned paths of relative and path-alias imports. */
  imports: string[];
  hasMainGuard: boolean;
}

const SCRIPT_DIR = /(?:^|\/)(?:scripts?|bin|tools|migrations|alembic|seeds?|seeders|notebooks?|management\/commands|benchmarks?)\//i;
const BUILD_CONFIG = /(?:^|\/)(?:[\w.-]+\.config\.[cm]?[jt]s|\.eslintrc\.[cm]?js|gulpfile\.[cm]?js|gruntfile\.[cm]?js|setup\.py|manage\.py|conftest\.py|noxfile\.py|fabfile\.py|tasks\.py)$/i;
const CLI_MODULES = /^(?:argparse|click|typer|fire|docopt)$/;
const FRONT_DIR = /(?:^|\/)(?:components|hooks|views|store|stores|composables|public|static|assets|frontend|client|web-ui|ui)\//i;
const NEXT_PAGE_FILE = /(?:^|\/)app\/(?:.*\/)?(?:page|layout|template|loading|error|not-found|default|head|global-error)\.[jt]sx?$/;
/** Imports only server code may make in a full-stack framework (Next.js server-only, route helpers). */
const SERVER_ONLY_LIBS = /^(?:server-only|next\/server|next\/headers|next\/cache)$/;
const FRONT_LIBS = /^(?:react|react-dom|react-dom\/client|vue|svelte|@angular\/core|preact|solid-js|react-native)$/;

/**
 * What a callee matched in `jsModuleFacts` is made of: identifiers, import and require specifiers
 * (string literals), all spelled in the text unless written with escapes (a backslash).
 */
const JS_SERVER_WORDS = /express|fastify|koa|Hono|NestFactory|createServer|createSecureServer|\\/;

/** The distinct absolute modules of an import map, in first-seen order. */
function absoluteImports(imports: ReadonlyMap<string, string>, path: string): string[] {
  const out = new Set<string>();
  for (const target of imports.values()) out.add(absoluteModule(target, path));
  return [...out];
}

/** Import resolutions of a scan by importing folder and specifier (a NUL between: no path holds one). */
const resolutions = new WeakMap<Inventory, Map<string, string | null>>();

/**
 * `resolveImport`, once per folder and specifier: its answer depends on the importing file's folder
 * only (relative paths and the nearest tsconfig are both found from there), and a folder's modules
 * mostly import the same things.
 */
function resolvedImport(path: string, specifier: string, inventory: Inventory): string | undefined {
  let cache = resolutions.get(inventory);
  if (!cache) resolutions.set(inventory, (cache = new Map()));
  const key = `${path.slice(0, path.lastIndexOf('/') + 1)}\0${specifier}`;
  let target = cache.get(key);
  if (target === undefined) cache.set(key, (target = resolveImport(path, specifier, inventory) ?? null));
  return target ?? undefined;
}

function headOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

const pyFacts = new Memo<PythonModel, ModuleFacts>();
const jsFacts = new Memo<JsModel, ModuleFacts>();

export function pyModuleFacts(file: ParsedFile<'python'>): ModuleFacts {
  let facts = pyFacts.get(file.model);
  if (facts) return facts;
  const imports = pyImportsOf(file);
  const routes = pyRoutesOf(file);
  const framework = webFrameworkOf(imports);
  // Django settings hold no framework import, yet they are the service's entry point.
  let settingsLine: number | undefined;
  let hasMainGuard = false;
  let onlyMainGuard = true;
  let cli = false;
  walkPy(file.model.root, (node) => {
    if (node.type === 'if_statement' && node.parent?.type === 'module') {
      const condition = node.childForFieldName('condition')?.text ?? '';
      if (/__name__\s*==\s*['"]__main__['"]/.test(condition)) hasMainGuard = true;
      return false;
    }
    if (node.type === 'assignment' && node.parent?.parent?.type === 'module' && node.childForFieldName('left')?.text === 'INSTALLED_APPS') {
      settingsLine = node.startPosition.row + 1;
    }
    // An expression statement holds no definition or if (error-recovered ones aside), and its
    // assignments are read at its children: nothing deeper can count.
    if (node.type === 'expression_statement' && !node.hasError) {
      if (node.parent?.type === 'module') {
        for (const child of node.children) {
          if (child.type === 'assignment' && child.childForFieldName('left')?.text === 'INSTALLED_APPS') settingsLine = child.startPosition.row + 1;
        }
      }
      return false;
    }
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'decorated_definition') {
      if (!underMainGuard(node)) onlyMainGuard = false;
      return false;
    }
    return undefined;
  });
  for (const target of imports.values()) if (CLI_MODULES.test(headOf(target))) cli = true;
  const appRouter = routes.routers.find((r) => r.kind === 'app');
  const serverModule = !!framework || routes.routes.length > 0 || settingsLine !== undefined;
  const scriptLike =
    SCRIPT_DIR.test(file.path) ||
    BUILD_CONFIG.test(file.path) ||
    (!serverModule && (cli || (hasMainGuard && onlyMainGuard)));
  facts = {
    path: file.path,
    language: 'python',
    serverModule,
    appLine: appRouter?.line ?? settingsLine,
    scriptLike,
    frontEnd: false,
    serverMarked: false,
    imports: absoluteImports(imports, file.path),
    hasMainGuard,
  };
  pyFacts.set(file.model, facts);
  return facts;
}

export function jsModuleFacts(file: ParsedFile<'js'>, inventory: Inventory): ModuleFacts {
  let facts = jsFacts.get(file.model);
  if (facts) return facts;
  const imports = jsImportsOf(file);
  const routes = jsRoutesOf(file, inventory);
  let framework = jsWebFrameworkOf(imports);
  let createsServer = false;
  let appLine: number | undefined;
  let hasJsx = false;
  // Sound: JSX needs a `<`, and an app or server callee is spelled in the text (see JS_SERVER_WORDS).
  const mayHaveJsx = file.text.includes('<');
  const mayCreate = JS_SERVER_WORDS.test(file.text);
  if (mayHaveJsx || mayCreate) walkJs(file.model.ast, (node) => {
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') hasJsx = true;
    if (mayCreate && (node.type === 'CallExpression' || node.type === 'NewExpression')) {
      const name = calleeName(node, imports);
      if (name && /^(?:http|https|http2)\.create(?:Secure)?Server$/.test(name)) createsServer = true;
      if (appLine === undefined && name && /^(?:express|fastify|fastify\.fastify|koa|hono\.Hono|@nestjs\/core\.NestFactory\.create|http\.createServer|https\.createServer)$/.test(name)) appLine = node.loc?.start.line;
    }
    return undefined;
  });
  if (framework === 'http' && !createsServer) framework = undefined;
  const directives = topLevelDirectives(file.model.ast);
  const useClient = directives.includes('use client');
  const isApiRoute = /(?:^|\/)(?:pages\/api\/|app\/(?:.*\/)?route\.[cm]?[jt]sx?$)/.test(file.path);
  const importsFront = [...imports.values()].some((b) => FRONT_LIBS.test(b.source));
  const frontEnd =
    !isApiRoute &&
    (useClient ||
      (hasJsx && !framework) ||
      NEXT_PAGE_FILE.test(file.path) ||
      /(?:^|\/)pages\//.test(file.path) ||
      (FRONT_DIR.test(file.path) && !framework && routes.routes.length === 0) ||
      (importsFront && !framework && routes.routes.length === 0));
  const serverModule = !frontEnd && (!!framework || routes.routes.length > 0);
  const shebang = file.text.startsWith('#!');
  const scriptLike = SCRIPT_DIR.test(file.path) || BUILD_CONFIG.test(file.path) || /(?:^|\/)\.?[\w-]+rc\.[cm]?js$/.test(basename(file.path)) || (shebang && !serverModule);
  const serverMarked = !frontEnd && (directives.includes('use server') || [...imports.values()].some((b) => SERVER_ONLY_LIBS.test(b.source)));
  // One resolution per specifier (bindings from one module share it), targets in first-seen order.
  const sources = new Set<string>();
  for (const b of imports.values()) sources.add(b.source);
  const local = new Set<string>();
  for (const source of sources) {
    const target = resolvedImport(file.path, source, inventory);
    if (target) local.add(target);
  }
  facts = { path: file.path, language: 'js', serverModule, appLine, scriptLike, frontEnd, serverMarked, imports: [...local], hasMainGuard: false };
  jsFacts.set(file.model, facts);
  return facts;
}

function topLevelDirectives(ast: Node): string[] {
  const program = ast.type === 'File' ? ast.program : ast;
  if (program.type !== 'Program') return [];
  const out = program.directives.map((d) => d.value.value);
  // Some files write the directive after a comment, which babel still reads as a directive.
  for (const s of topLevelStatements(program)) {
    if (s.type === 'ExpressionStatement' && s.expression.type === 'StringLiteral') out.push(s.expression.value);
    else break;
  }
  return out;
}
