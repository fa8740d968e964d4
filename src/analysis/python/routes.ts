import type { PyNode } from '../../parsers/python.js';
import { decoratorsOf, dottedName, lineOf, walk } from './ast.js';
import { callInfo, calleeNameOf, lastSegment, type PyCall } from './calls.js';
import { absoluteModule, moduleNameOf, qualify, type ImportMap } from './imports.js';
import { scannedNodes } from './scan-nodes.js';
import { literalValue, stringValue } from './values.js';

export type PyFramework = 'fastapi' | 'starlette' | 'flask' | 'aiohttp' | 'django' | 'sanic' | 'quart' | 'litestar';

/** An app, router or blueprint object created in a module. */
export interface PyRouterDef {
  /** The variable it is bound to. */
  name: string;
  kind: 'app' | 'router';
  framework: PyFramework;
  prefix: string;
  line: number;
}

/** `app.include_router(router, prefix=…)`, `app.register_blueprint(bp, url_prefix=…)`, Django `include()`. */
export interface PyMount {
  /** Local variable of the parent app/router. */
  parent: string;
  /** The mounted router as a qualified name (`apis.chat.router`) or a local variable. */
  child: string;
  prefix: string;
  line: number;
}

export interface PyRoute {
  framework: PyFramework;
  methods: string[];
  /** The path as declared on its router (without prefixes). */
  path: string;
  /** Variable of the app/router/blueprint the route is declared on ('' for Django urlpatterns). */
  owner: string;
  line: number;
  handlerName?: string;
  handlerLine?: number;
  /** The handler's function_definition: valid only while the visitor runs. */
  handler?: PyNode;
  /** Names used for protection: `Depends(x)` targets, decorators like `login_required`. */
  guards: string[];
}

export interface PyRouteFacts {
  routers: PyRouterDef[];
  mounts: PyMount[];
  routes: PyRoute[];
}

const ROUTER_FACTORIES: Record<string, { kind: 'app' | 'router'; framework: PyFramework; prefixArg?: string }> = {
  'fastapi.FastAPI': { kind: 'app', framework: 'fastapi', prefixArg: 'root_path' },
  'fastapi.APIRouter': { kind: 'router', framework: 'fastapi', prefixArg: 'prefix' },
  'starlette.applications.Starlette': { kind: 'app', framework: 'starlette' },
  'starlette.routing.Router': { kind: 'router', framework: 'starlette' },
  'flask.Flask': { kind: 'app', framework: 'flask' },
  'flask.Blueprint': { kind: 'router', framework: 'flask', prefixArg: 'url_prefix' },
  'quart.Quart': { kind: 'app', framework: 'quart' },
  'quart.Blueprint': { kind: 'router', framework: 'quart', prefixArg: 'url_prefix' },
  'sanic.Sanic': { kind: 'app', framework: 'sanic' },
  'sanic.Blueprint': { kind: 'router', framework: 'sanic', prefixArg: 'url_prefix' },
  'aiohttp.web.Application': { kind: 'app', framework: 'aiohttp' },
  'aiohttp.web.RouteTableDef': { kind: 'router', framework: 'aiohttp' },
  'litestar.Litestar': { kind: 'app', framework: 'litestar' },
  'litestar.Router': { kind: 'router', framework: 'litestar', prefixArg: 'path' },
  'rest_framework.routers.DefaultRouter': { kind: 'router', framework: 'django' },
  'rest_framework.routers.SimpleRouter': { kind: 'router', framework: 'django' },
};

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const MOUNT_METHODS = new Set(['include_router', 'register_blueprint', 'mount', 'blueprint']);

/** Routes, routers and mounts declared in one module. */
export function extractRoutes(root: PyNode, imports: ImportMap, path: string): PyRouteFacts {
  const facts: PyRouteFacts = { routers: [], mounts: [], routes: [] };
  const routerNames = new Map<string, PyRouterDef>();
  const isDjangoUrls = /(?:^|\/)urls\.py$/.test(path);

  // Only calls spelling a mount or registration method can add either: the others are not read.
  const registers = REGISTRATION_WORD.test(root.text);
  for (const node of scannedNodes(root)) {
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right?.type === 'call' && mayBeFactory(right, imports)) {
          const name = calleeNameOf(right, imports);
          const factory = name ? factoryFor(name) : undefined;
          if (factory) {
            const call = callInfo(right, imports);
            const prefixNode = factory.prefixArg ? call.kwargs.get(factory.prefixArg) : undefined;
            const def: PyRouterDef = {
              name: left.text,
              kind: factory.kind,
              framework: factory.framework,
              prefix: stringValue(prefixNode) ?? '',
              line: lineOf(node),
            };
            facts.routers.push(def);
            routerNames.set(def.name, def);
          }
        }
        if (isDjangoUrls && left?.text === 'urlpatterns') collectDjangoPatterns(right, imports, path, facts);
        break;
      }
      case 'augmented_assignment':
        if (isDjangoUrls && node.childForFieldName('left')?.text === 'urlpatterns') collectDjangoPatterns(node.childForFieldName('right'), imports, path, facts);
        break;
      case 'call':
        if (registers && CALL_METHODS.has(calleeWord(node) ?? '')) {
          const call = callInfo(node, imports);
          collectMount(call, imports, path, facts);
          collectRegistration(call, routerNames, facts);
        }
        break;
      case 'function_definition':
        if (node.parent?.type === 'decorated_definition') collectDecorated(node, imports, routerNames, facts);
        break;
    }
  }
  return facts;
}

/** The last segments of callees `collectMount` and `collectRegistration` act on. */
const CALL_METHODS = new Set([
  ...MOUNT_METHODS,
  'register', 'add_route', 'add_url_rule', 'add_api_route',
  ...HTTP_METHODS.map((m) => `add_${m}`),
]);
/** Sound: a callee's last segment is an identifier written in the module (identifiers take no escapes). */
const REGISTRATION_WORD = /include_router|register_blueprint|mount|blueprint|register|add_route|add_url_rule|add_api_route|add_(?:get|post|put|patch|delete|head|options)/;

/** The callee's last segment as written (`mount` of `app.mount(…)`), if the callee is a name or attribute. */
function calleeWord(call: PyNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** The factories by qualified name: own entries only (an object literal would answer `toString`). */
const FACTORIES = new Map(Object.entries(ROUTER_FACTORIES));
/** Their class names: a qualified name keeps its last segment through `factoryFor`'s shortening. */
const FACTORY_CLASSES = new Set([...FACTORIES.keys()].map((name) => lastSegment(name)!));

function factoryFor(name: string) {
  const found = FACTORIES.get(name);
  if (found) return found;
  // `from fastapi.routing import APIRouter`, `import flask; flask.Flask`…
  const short = name.replace(/\.(?:routing|applications|app|blueprints)\./, '.');
  return FACTORIES.get(short);
}

/**
 * Whether a call's callee can name a factory: its last segment as written (`x.Flask`) or, for a
 * bare name, as imported (`F` from `fastapi import FastAPI as F`) must be a factory class.
 */
function mayBeFactory(call: PyNode, imports: ImportMap): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') return FACTORY_CLASSES.has(fn.childForFieldName('attribute')?.text ?? '');
  if (fn?.type === 'identifier') {
    const name = fn.text;
    const target = imports.get(name);
    return FACTORY_CLASSES.has(target ? lastSegment(target)! : name);
  }
  return false;
}

/** The decorator methods `collectDecorated` makes routes of. */
const ROUTE_DECORATORS = new Set([...HTTP_METHODS, 'route', 'api_route', 'websocket']);

/** Whether a decorated definition has a `@x.<route method>(…)` decorator: the others make no route. */
function hasRouteDecorator(decorated: PyNode): boolean {
  for (const d of decorated.children) {
    if (d.type !== 'decorator') continue;
    let expression: PyNode | undefined;
    for (const c of d.children) if (c.isNamed) { expression = c; break; }
    if (expression?.type !== 'call') continue;
    const callee = expression.childForFieldName('function');
    if (callee?.type === 'attribute' && ROUTE_DECORATORS.has(callee.childForFieldName('attribute')?.text ?? '')) return true;
  }
  return false;
}

function collectDecorated(fn: PyNode, imports: ImportMap, routers: Map<string, PyRouterDef>, facts: PyRouteFacts) {
  if (!hasRouteDecorator(fn.parent!)) return;
  const decorators = decoratorsOf(fn);
  if (!decorators.length) return;
  let guards: string[] | undefined;
  for (const decorator of decorators) {
    if (decorator.type !== 'call') continue;
    const callee = decorator.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    // Only these methods make a route: the rest are skipped before their arguments are read.
    const verb = HTTP_METHODS.includes(method);
    if (!verb && method !== 'route' && method !== 'api_route' && method !== 'websocket') continue;
    const owner = dottedName(callee.childForFieldName('object'));
    if (!owner) continue;
    const def = routers.get(owner);
    const call = callInfo(decorator, imports);
    const path = stringValue(call.args[0] ?? call.kwargs.get('path') ?? call.kwargs.get('rule'));
    if (path === undefined) continue;
    let methods: string[];
    if (verb) methods = [method.toUpperCase()];
    else {
      const listed = literalValue(call.kwargs.get('methods'));
      methods = Array.isArray(listed) ? listed.map((m) => String(m).toUpperCase()) : method === 'websocket' ? ['WEBSOCKET'] : ['GET'];
    }
    // A decorator `x.get("/p")` on something that is not a known router still looks like a route
    // when the module uses a web framework (routers passed in from elsewhere).
    if (!def && !looksLikeRouterName(owner)) continue;
    guards ??= decorators.map((d) => dottedName(d.type === 'call' ? d.childForFieldName('function') : d)).filter((n): n is string => !!n);
    facts.routes.push({
      framework: def?.framework ?? guessFramework(imports),
      methods,
      path,
      owner,
      line: lineOf(decorator),
      handlerName: fn.childForFieldName('name')?.text,
      handlerLine: lineOf(fn),
      handler: fn,
      guards: [...guards.filter((g) => !g.startsWith(`${owner}.`)), ...dependsIn(fn, call, imports)],
    });
  }
}

function looksLikeRouterName(owner: string): boolean {
  return /(?:^|_|\.)(?:app|router|api|bp|blueprint|routes|web)$/i.test(owner) || /router|blueprint|_bp$/i.test(owner);
}

function guessFramework(imports: ImportMap): PyFramework {
  for (const target of imports.values()) {
    const dot = target.indexOf('.');
    const top = dot < 0 ? target : target.slice(0, dot);
    if (top === 'fastapi') return 'fastapi';
    if (top === 'flask') return 'flask';
    if (top === 'aiohttp') return 'aiohttp';
    if (top === 'starlette') return 'starlette';
    if (top === 'quart') return 'quart';
    if (top === 'sanic') return 'sanic';
  }
  return 'fastapi';
}

/** FastAPI `Depends(x)` / `Security(x)` in the decorator's `dependencies=` and in parameters. */
function dependsIn(fn: PyNode, decorator: PyCall, imports: ImportMap): string[] {
  return [...dependencyTargets(decorator.kwargs.get('dependencies'), imports), ...dependencyTargets(fn.childForFieldName('parameters'), imports)];
}

/** What each `Depends(x)` / `Security(x)` below `node` depends on, as written (`x`, `auth.user`). */
export function dependencyTargets(node: PyNode | null | undefined, imports: ImportMap): string[] {
  const found: string[] = [];
  if (!node) return found;
  walk(node, (n) => {
    if (n.type !== 'call') return undefined;
    const last = lastSegment(calleeNameOf(n, imports));
    if (last !== 'Depends' && last !== 'Security') return undefined;
    const call = callInfo(n, imports);
    if (call.args[0]) found.push(dottedName(call.args[0]) ?? call.args[0].text);
    return undefined;
  });
  return found;
}

function collectMount(call: PyCall, imports: ImportMap, path: string, facts: PyRouteFacts) {
  const written = call.written;
  if (!written) return;
  const dot = written.lastIndexOf('.');
  if (dot < 0) return;
  const method = written.slice(dot + 1);
  if (!MOUNT_METHODS.has(method)) return;
  const parent = written.slice(0, dot);
  let childNode = call.args[0];
  let prefixNode = call.kwargs.get('prefix') ?? call.kwargs.get('url_prefix');
  if (method === 'mount') {
    // Starlette/FastAPI `app.mount("/sub", subapp)`.
    prefixNode = call.args[0];
    childNode = call.args[1] ?? call.kwargs.get('app');
  }
  const childName = dottedName(childNode);
  if (!childName) return;
  facts.mounts.push({
    parent,
    child: qualifyAbsolute(childName, imports, path),
    prefix: stringValue(prefixNode) ?? '',
    line: lineOf(call.node),
  });
}

/** aiohttp `app.router.add_get("/x", handler)`, Flask `app.add_url_rule`, FastAPI `add_api_route`. */
function collectRegistration(call: PyCall, routers: Map<string, PyRouterDef>, facts: PyRouteFacts) {
  const written = call.written;
  if (!written) return;
  const method = lastSegment(written) ?? '';
  const owner = written.slice(0, written.length - method.length - 1).replace(/\.router$/, '');
  let methods: string[] | undefined;
  let pathNode: PyNode | undefined;
  let handlerNode: PyNode | undefined;
  const addVerb = /^add_(get|post|put|patch|delete|head|options)$/.exec(method);
  if (method === 'register' && routers.get(owner)?.framework === 'django') {
    // DRF `router.register(r"orders", OrderViewSet)`: the methods are the viewset's, known only
    // from its class (see auth/py-access), so the route says '*' like other Django views.
    const prefix = stringValue(call.args[0] ?? call.kwargs.get('prefix'));
    const viewset = dottedName(call.args[1] ?? call.kwargs.get('viewset'));
    if (prefix === undefined || !viewset) return;
    facts.routes.push({ framework: 'django', methods: ['*'], path: djangoPath(prefix), owner, line: lineOf(call.node), handlerName: viewset, guards: [] });
    return;
  }
  if (addVerb) {
    methods = [addVerb[1].toUpperCase()];
    [pathNode, handlerNode] = call.args;
  } else if (method === 'add_route' && call.args.length >= 3) {
    methods = [String(stringValue(call.args[0]) ?? '*').toUpperCase()];
    [, pathNode, handlerNode] = call.args;
  } else if (method === 'add_url_rule' || method === 'add_api_route') {
    pathNode = call.args[0] ?? call.kwargs.get('rule') ?? call.kwargs.get('path');
    handlerNode = call.kwargs.get('view_func') ?? call.kwargs.get('endpoint') ?? call.args[method === 'add_url_rule' ? 2 : 1];
    const listed = literalValue(call.kwargs.get('methods'));
    methods = Array.isArray(listed) ? listed.map((m) => String(m).toUpperCase()) : ['GET'];
  } else return;
  const path = stringValue(pathNode);
  if (path === undefined) return;
  const def = routers.get(owner);
  facts.routes.push({
    framework: def?.framework ?? (addVerb || method === 'add_route' ? 'aiohttp' : method === 'add_url_rule' ? 'flask' : 'fastapi'),
    methods,
    path,
    owner,
    line: lineOf(call.node),
    handlerName: dottedName(handlerNode),
    guards: [],
  });
}

/** Django `urlpatterns = [path("api/", include("chat.urls")), path("x/", views.x)]`. */
function collectDjangoPatterns(list: PyNode | null, imports: ImportMap, path: string, facts: PyRouteFacts) {
  if (!list) return;
  walk(list, (node) => {
    // `urlpatterns = [...] + router.urls` / `urlpatterns += router.urls` (DRF routers).
    if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'urls') {
      const router = dottedName(node.childForFieldName('object'));
      if (router) facts.mounts.push({ parent: '', child: routerObject(router, imports, path), prefix: '', line: lineOf(node) });
      return false;
    }
    if (node.type !== 'call') return undefined;
    const call = callInfo(node, imports);
    const last = lastSegment(call.name);
    if (last !== 'path' && last !== 're_path' && last !== 'url') return undefined;
    const route = stringValue(call.args[0]) ?? '';
    const target = call.args[1];
    if (target?.type === 'call') {
      const inner = callInfo(target, imports);
      if (lastSegment(inner.name) === 'include') {
        const included = stringValue(inner.args[0]);
        const object = dottedName(inner.args[0]);
        // DRF `include(router.urls)` mounts the router object itself.
        const child = included !== undefined ? qualifyAbsolute(included, imports, path) : object?.endsWith('.urls') ? routerObject(object.slice(0, -5), imports, path) : object && qualifyAbsolute(object, imports, path);
        if (child) facts.mounts.push({ parent: '', child, prefix: djangoPath(route), line: lineOf(node) });
        return false;
      }
    }
    const handler = target?.type === 'call' ? dottedName(target.childForFieldName('function')?.childForFieldName('object')) : dottedName(target);
    facts.routes.push({
      framework: 'django',
      methods: ['*'],
      path: djangoPath(route),
      owner: '',
      line: lineOf(node),
      handlerName: handler,
      guards: [],
    });
    return false;
  });
}

function djangoPath(route: string): string {
  const clean = route.replace(/^\^/, '').replace(/\$$/, '');
  return clean.startsWith('/') ? clean : `/${clean}`;
}

/** A router variable: imported (`api.routers.router`) or this module's own (`config.urls.router`). */
function routerObject(name: string, imports: ImportMap, path: string): string {
  return imports.has(headOf(name)) ? qualifyAbsolute(name, imports, path) : `${moduleNameOf(path)}.${name}`;
}

function headOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function qualifyAbsolute(name: string, imports: ImportMap, path: string): string {
  const qualified = qualify(name, imports) ?? name;
  return qualified.startsWith('.') ? absoluteModule(qualified, path) : qualified;
}

/** A route's module-qualified owner key, as used by mounts elsewhere: `apis.chat.router`. */
export function ownerKey(path: string, owner: string): string {
  return owner ? `${moduleNameOf(path)}.${owner}` : moduleNameOf(path);
}
