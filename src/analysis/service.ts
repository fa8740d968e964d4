import type { Node } from '@babel/types';
import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { dirname, isExamplePath, isTestPath } from '../io/paths.js';
import type { PyNode } from '../parsers/python.js';
import { jsImportsOf, jsRoutesOf, pyImportsOf, pyRoutesOf } from './facts.js';
import { calleeName, walk as walkJs } from './js/index.js';
import type { JsRoute } from './js/routes.js';
import { dottedName, stringValue, walk } from './python/index.js';
import { djangoStringImports } from './python/django-strings.js';
import { scannedNodes } from './python/scan-nodes.js';
import type { PyRoute } from './python/routes.js';
import { RouteCollector, type AppRoute } from './routes.js';
import { Memo } from './memo.js';

/**
 * HTTP services in a repository, one per package folder (the nearest folder with a manifest):
 * where the app is created, its routes, and the modules its files import. Rules that ask
 * "does this service have X" (health, metrics) share this view.
 */

export interface Service {
  /** Package folder ('' for the root). */
  dir: string;
  framework: string;
  /** Where the app is created (`app = FastAPI()`, `express()`, `NestFactory.create`), or its first route. */
  entry: { path: string; line: number };
  routes: AppRoute[];
  /** Every module imported by the service's files (JS specifiers, Python qualified names). */
  imports: Set<string>;
  /** String literals of the service's files that look like URL paths (`/healthz`), for routes the extractors miss. */
  pathLiterals: Set<string>;
}

const MANIFESTS = ['package.json', 'pyproject.toml', 'requirements.txt', 'Pipfile', 'setup.py', 'setup.cfg', 'manage.py', 'go.mod'];

interface FileFacts {
  path: string;
  apps: { line: number; framework: string }[];
  imports: string[];
  pathLiterals: string[];
}

type FileFactsBody = Omit<FileFacts, 'path'>;
/** A file's apps, imports and path literals, computed once per parsed file for every collector. */
const fileFactsCache = new Memo<object, FileFactsBody>();
/** Package folder of each folder, per scan. */
const packageDirs = new WeakMap<Inventory, Map<string, string>>();
const sharedCollectors = new WeakMap<Inventory, ServiceCollector>();

/**
 * The one collector of a scan for rules that record no notes of their own (no `inspect`): it reads
 * each file once however many rules feed it, and resolves the services once.
 */
export function sharedServiceCollector(inventory: Inventory): ServiceCollector {
  let collector = sharedCollectors.get(inventory);
  if (!collector) {
    collector = new ServiceCollector(inventory);
    collector.shared = { fed: new WeakSet() };
    sharedCollectors.set(inventory, collector);
  }
  return collector;
}

export class ServiceCollector {
  private readonly routes: RouteCollector;
  private readonly files: FileFacts[] = [];
  /** Set on the shared collector: files already fed (by model) and the services once resolved. */
  shared?: { fed: WeakSet<object>; services?: Service[] };

  constructor(
    private readonly inventory: Inventory,
    inspect?: (route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>) => Record<string, unknown>,
  ) {
    this.routes = new RouteCollector(inventory, inspect);
  }

  js(file: ParsedFile<'js'>): void {
    if (skipped(file.path) || this.alreadyFed(file.model)) return;
    this.routes.js(file);
    let facts = fileFactsCache.get(file.model);
    if (!facts) {
      const imports = jsImportsOf(file);
      const apps = jsRoutesOf(file, this.inventory)
        .routers.filter((r) => r.kind === 'app')
        .map((r) => ({ line: r.line, framework: r.framework as string }));
      const pathLiterals: string[] = [];
      const text = file.text;
      // Sound: `NestFactory` is spelled (in the call or its import) unless escaped; a string literal
      // whose value starts with `/` opens with a quote and `/`, an escape or (JSX) an entity.
      const mayNest = JS_NEST_WORD.test(text);
      const mayPath = JS_PATH_START.test(text);
      if (mayNest || mayPath) walkJs(file.model.ast, (node: Node) => {
        if (mayNest && (node.type === 'CallExpression' || node.type === 'NewExpression') && /(?:^|\.)NestFactory\.create$/.test(calleeName(node, imports) ?? '')) {
          apps.push({ line: node.loc?.start.line ?? 1, framework: 'nest' });
        }
        if (node.type === 'StringLiteral' && /^\/[\w/.-]{0,40}$/.test(node.value)) pathLiterals.push(node.value);
      });
      facts = { apps, imports: [...imports.values()].map((b) => b.source), pathLiterals };
      fileFactsCache.set(file.model, facts);
    }
    this.files.push({ path: file.path, ...facts });
  }

  python(file: ParsedFile<'python'>): void {
    if (skipped(file.path) || this.alreadyFed(file.model)) return;
    this.routes.python(file);
    let facts = fileFactsCache.get(file.model);
    if (!facts) {
      const apps = pyRoutesOf(file)
        .routers.filter((r) => r.kind === 'app')
        .map((r) => ({ line: r.line, framework: r.framework as string }));
      const pathLiterals: string[] = [];
      // A path literal holds a `/`, and a string's value can only hold one its text holds (escapes
      // decode to other characters): strings without one are skipped (`slash` walks forward, as
      // the strings come in source order).
      const text = file.text;
      let slash = text.indexOf('/');
      let last = 0;
      if (slash !== -1) for (const node of scannedNodes(file.model.root)) {
        if (node.type !== 'string') continue;
        if (node.startIndex < last || (slash !== -1 && slash < node.startIndex)) slash = text.indexOf('/', node.startIndex);
        last = node.startIndex;
        if (slash === -1 || slash >= node.endIndex) continue;
        const value = stringValue(node);
        if (value !== undefined && /^\/?[\w/.-]{1,40}\/?$/.test(value) && value.includes('/')) pathLiterals.push(value);
      }
      facts = { apps, imports: [...pyImportsOf(file).values(), ...djangoStringImports(file.model.root)], pathLiterals };
      fileFactsCache.set(file.model, facts);
    }
    this.files.push({ path: file.path, ...facts });
  }

  /** On the shared collector, whether another rule already fed this file (and marks it fed). */
  private alreadyFed(model: object): boolean {
    if (!this.shared) return false;
    if (this.shared.fed.has(model)) return true;
    this.shared.fed.add(model);
    return false;
  }

  /** The services found, sorted by folder; call from `done()`. */
  services(): Service[] {
    if (this.shared) return (this.shared.services ??= this.resolveServices());
    return this.resolveServices();
  }

  private resolveServices(): Service[] {
    const byDir = new Map<string, Service>();
    const get = (path: string, framework: string, line: number): Service => {
      const dir = this.packageDir(path);
      let service = byDir.get(dir);
      if (!service) {
        service = { dir, framework, entry: { path, line }, routes: [], imports: new Set(), pathLiterals: new Set() };
        byDir.set(dir, service);
      }
      return service;
    };
    const sortedFiles = [...this.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // App creation sites first: they are the entry points a finding should point at.
    for (const file of sortedFiles) for (const app of file.apps) get(file.path, app.framework, app.line);
    for (const route of this.routes.resolve()) {
      if (route.framework === 'http') continue; // a bare http.createServer handler is not a web app
      get(route.file, route.framework, route.line).routes.push(route);
    }
    for (const file of sortedFiles) {
      const service = byDir.get(this.packageDir(file.path));
      if (!service) continue;
      for (const i of file.imports) service.imports.add(i);
      for (const p of file.pathLiterals) service.pathLiterals.add(p);
    }
    return [...byDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  private packageDir(path: string): string {
    let known = packageDirs.get(this.inventory);
    if (!known) packageDirs.set(this.inventory, (known = new Map()));
    const start = dirname(path);
    let found = known.get(start);
    if (found === undefined) {
      found = this.findPackageDir(start);
      known.set(start, found);
    }
    return found;
  }

  private findPackageDir(start: string): string {
    let dir = start;
    for (;;) {
      if (MANIFESTS.some((m) => this.inventory.has(dir ? `${dir}/${m}` : m))) return dir;
      if (!dir) return '';
      dir = dirname(dir);
    }
  }
}

const JS_NEST_WORD = /NestFactory|\\/;
const JS_PATH_START = /['"][/\\&]/;

function skipped(path: string): boolean {
  return isTestPath(path) || isExamplePath(path);
}

/** Call names (last segments) that only build a response or read the clock: no dependency is checked. */
const TRIVIAL_PY = new Set([
  'jsonify', 'JSONResponse', 'ORJSONResponse', 'UJSONResponse', 'PlainTextResponse', 'HTMLResponse', 'Response', 'HttpResponse',
  'JsonResponse', 'make_response', 'json_response', 'dict', 'str', 'int', 'float', 'bool', 'len', 'round', 'format', 'time',
  'monotonic', 'perf_counter', 'now', 'utcnow', 'today', 'isoformat', 'strftime', 'timestamp', 'getpid', 'getenv', 'print',
  'debug', 'info', 'warning', 'exception', 'uptime', 'text', 'json', 'Status', 'HealthResponse',
]);
const TRIVIAL_JS = new Set([
  'json', 'send', 'status', 'sendStatus', 'end', 'set', 'header', 'setHeader', 'type', 'code', 'text', 'toISOString', 'now',
  'uptime', 'memoryUsage', 'hrtime', 'stringify', 'floor', 'round', 'log', 'info', 'debug', 'warn', 'Date', 'String', 'Number',
  'Response', 'NextResponse', 'getTime', 'toFixed', 'writeHead', 'write',
]);

const LOGGING_PY = /^(?:logger|logging|log)\./;

/**
 * Whether a route handler checks anything: true when it calls something beyond building a
 * response, reading the clock or logging (a DB query, `redis.ping()`, a helper that may check).
 * Undefined when the handler is not in this file (a Django view reference).
 */
export function handlerChecksDependencies(route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>): boolean | undefined {
  const handler = route.handler;
  if (!handler) return undefined;
  if (file.kind === 'python') {
    // True as soon as one call is not trivial (the callee as written, as `callInfo().written`).
    let checks = false;
    walk(handler as PyNode, (node) => {
      if (checks) return false;
      if (node.type !== 'call') return undefined;
      const name = dottedName(node.childForFieldName('function')) ?? '';
      if (!name || LOGGING_PY.test(name)) return undefined;
      if (!TRIVIAL_PY.has(name.slice(name.lastIndexOf('.') + 1))) checks = true;
      return undefined;
    });
    return checks;
  }
  const imports = jsImportsOf(file as ParsedFile<'js'>);
  let checks = false;
  walkJs(handler as Node, (node: Node) => {
    if (checks) return false;
    // sql`SELECT 1`, prisma.$queryRaw`SELECT 1`: a tagged template is a call of its tag.
    if (node.type === 'TaggedTemplateExpression') {
      checks = true;
      return false;
    }
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression' && node.type !== 'OptionalCallExpression') return undefined;
    const name = calleeName(node, imports) ?? '';
    const last = name.slice(name.lastIndexOf('.') + 1);
    if (!name || /^(?:console|logger|log)\./.test(name) || TRIVIAL_JS.has(last)) return undefined;
    checks = true;
    return false;
  });
  return checks;
}

const HEALTH_SEGMENT = /^_?(?:health|healthz|healthcheck|health-check|health_check|healthy|ready|readyz|readiness|live|livez|liveness|alive|heartbeat)$/i;
const HEALTH_ONLY_AT_ROOT = /^(?:ping|status)$/i;
/** Prefixes an API puts before a root-level probe (`/api/v1/ping`). */
const PREFIX_SEGMENT = /^(?:api|v\d+|internal|_?system|meta|admin|ops|manage(?:ment)?)$/i;

const HEALTH_WORD = /health|read|live|heartbeat|ping|status/i;

/** A liveness/readiness probe path: `/health`, `/api/healthz`, `/readyz`, `/ping`, `/status`. */
export function isHealthPath(path: string): boolean {
  // Every health segment and `ping`/`status` contains one of these words.
  if (!HEALTH_WORD.test(path)) return false;
  const segments = path.split('/').filter((s) => s && !s.startsWith(':') && !s.startsWith('{') && !s.startsWith('<') && !s.startsWith('['));
  if (!segments.length) return false;
  if (segments.some((s) => HEALTH_SEGMENT.test(s.replace(/\.\w+$/, '')))) return true;
  const last = segments[segments.length - 1];
  return HEALTH_ONLY_AT_ROOT.test(last) && segments.slice(0, -1).every((s) => PREFIX_SEGMENT.test(s));
}

/** Packages that serve health endpoints themselves. */
export const HEALTH_LIBRARIES = /^(?:@godaddy\/terminus|@nestjs\/terminus|lightship|express-healthcheck|express-actuator|fastify-healthcheck|@fastify\/under-pressure|health_check|fastapi_health|flask_healthz|healthcheck|django_health_check|py_healthcheck)(?:[./]|$)/;

export function routeIsHealth(route: AppRoute): boolean {
  return [route.path, ...route.fullPaths].some(isHealthPath);
}
