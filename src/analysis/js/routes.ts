import type { Node } from '@babel/types';
import { isFunction, lineOf, walk } from './ast.js';
import { importsFrom, objectKey, resolveRelative, type JsImports } from './imports.js';
import { calleeName, lastSegment, memberPath, requiredModule } from './names.js';
import { autoloadTarget, pluginFunctions, pluginOf, unwrapPlugin, type JsPlugin } from './plugins.js';
import { moduleConstants, objectProperty, staticString } from './values.js';

export type JsFramework = 'express' | 'koa' | 'fastify' | 'hono' | 'nest' | 'next' | 'http';

export interface JsRouterDef {
  /** `<path>#<local variable>` */
  key: string;
  framework: JsFramework;
  kind: 'app' | 'router';
  prefix: string;
  line: number;
}

export interface JsMount {
  parent: string;
  child: string;
  prefix: string;
  line: number;
}

export interface JsRoute {
  framework: JsFramework;
  methods: string[];
  /** Path on its router, before prefixes. */
  path: string;
  /** Router key (`src/app.ts#app`) or, for Next.js and Nest, the file/controller key. */
  owner: string;
  line: number;
  /** The handler function (last function argument / method): valid while the visitor runs. */
  handler?: Node;
  handlerLine?: number;
  /** Middleware and guard names that run before the handler (`authenticate`, `AuthGuard`). */
  guards: string[];
}

export interface JsRouteFacts {
  routers: JsRouterDef[];
  mounts: JsMount[];
  routes: JsRoute[];
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all'];
const NEST_VERBS: Record<string, string> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: '*', Sse: 'GET',
};

function routerFactory(name: string | undefined, isNew: boolean): { framework: JsFramework; kind: 'app' | 'router' } | undefined {
  switch (name) {
    case 'express':
      return { framework: 'express', kind: 'app' };
    case 'express.Router':
    case 'express.default.Router':
    case 'express.Router.default':
      return { framework: 'express', kind: 'router' };
    case 'koa':
      return isNew ? { framework: 'koa', kind: 'app' } : undefined;
    case 'koa-router':
    case '@koa/router':
      return { framework: 'koa', kind: 'router' };
    case 'fastify':
    case 'fastify.fastify':
      return { framework: 'fastify', kind: 'app' };
    case 'hono.Hono':
      return { framework: 'hono', kind: 'app' };
    default:
      return undefined;
  }
}

/** Routes, routers and mounts of one JS/TS module. */
export function extractJsRoutes(
  ast: Node,
  imports: JsImports,
  path: string,
  has: (p: string) => boolean,
  files: readonly string[] = [],
  /** Resolves non-relative specifiers (tsconfig `paths` aliases such as `@/routes`). */
  resolve?: (from: string, specifier: string) => string | undefined,
): JsRouteFacts {
  const facts: JsRouteFacts = { routers: [], mounts: [], routes: [] };
  const constants = moduleConstants(ast);
  const routers = new Map<string, JsRouterDef>();
  const usesFramework = importsFrom(imports, /^(?:express|koa|@koa\/router|koa-router|fastify|hono)(?:\/|$)/);
  const plugins = pluginFunctions(ast, imports, path, importsFrom(imports, /^(?:fastify|fastify-plugin|@fastify\/.*)$/));
  const pluginDefs = new Map<JsPlugin, JsRouterDef>();
  /** The plugin whose app parameter `owner` is, as a router definition. */
  const pluginDef = (owner: string, ancestors: readonly Node[]): JsRouterDef | undefined => {
    const plugin = pluginOf(owner, ancestors, plugins);
    if (!plugin) return undefined;
    let def = pluginDefs.get(plugin);
    if (!def) {
      def = { key: plugin.key, framework: plugin.fastify ? 'fastify' : guessFramework(imports), kind: 'router', prefix: '', line: 1 };
      pluginDefs.set(plugin, def);
      facts.routers.push(def);
    }
    return def;
  };
  const keys = new Map<string, string>();
  const keyOf = (local: string) => {
    let key = keys.get(local);
    if (key === undefined) keys.set(local, (key = objectKey(local, path, imports, has, resolve)));
    return key;
  };

  walk(ast, (node, ancestors) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const init = unwrapAwait(node.init);
      if (init.type === 'CallExpression' || init.type === 'NewExpression') {
        const factory = routerFactory(calleeName(init, imports), init.type === 'NewExpression');
        if (factory) {
          const options = init.arguments[0];
          const prefix = staticString(objectProperty(options, 'prefix'), constants) ?? '';
          const def = { key: `${path}#${node.id.name}`, ...factory, prefix, line: lineOf(node) };
          facts.routers.push(def);
          routers.set(node.id.name, def);
        }
      }
    }
    if (node.type === 'CallExpression') collectCall(node, ancestors);
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') collectNestController(node, imports, path, constants, facts);
    return undefined;
  });
  collectExports(ast, path, facts);
  collectNextRoutes(ast, path, facts);
  return facts;

  function collectCall(node: Extract<Node, { type: 'CallExpression' }>, ancestors: readonly Node[]) {
    const callee = node.callee;
    if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
    const method = callee.property.name;
    // Every branch below needs one of these methods: the owner's path is built only then.
    if (!CALL_METHODS.has(method)) return;
    const owner = memberPath(callee.object);
    // `router.route('/x').get(h)`: the path sits on the inner call.
    if (!owner && callee.object.type === 'CallExpression' && VERBS.includes(method)) {
      const inner = callee.object;
      if (inner.callee.type === 'MemberExpression' && inner.callee.property.type === 'Identifier' && inner.callee.property.name === 'route') {
        const innerOwner = memberPath(inner.callee.object);
        const routePath = staticString(inner.arguments[0], constants);
        if (innerOwner && routePath !== undefined && isRouterLike(innerOwner, ancestors)) addRoute(innerOwner, method, routePath, node.arguments, node, ancestors);
      }
      return;
    }
    if (!owner) return;
    if (method === 'prefix' && routers.has(owner)) {
      const prefix = staticString(node.arguments[0], constants);
      if (prefix !== undefined) routers.get(owner)!.prefix = prefix;
      return;
    }
    if (method === 'setGlobalPrefix') {
      const prefix = staticString(node.arguments[0], constants);
      if (prefix !== undefined) facts.mounts.push({ parent: '#nest-root', child: '#nest', prefix, line: lineOf(node) });
      return;
    }
    if (method === 'use' || method === 'register' || method === 'route' && node.arguments.length >= 2) {
      if (!isRouterLike(owner, ancestors)) return;
      collectMount(owner, method, node, ancestors);
      return;
    }
    if (method === 'route' && node.arguments[0]?.type === 'ObjectExpression' && isRouterLike(owner, ancestors)) {
      // fastify.route({ method, url, handler })
      const options = node.arguments[0];
      const url = staticString(objectProperty(options, 'url') ?? objectProperty(options, 'path'), constants);
      const verbNode = objectProperty(options, 'method');
      const verb = staticString(verbNode, constants) ?? 'GET';
      const handler = objectProperty(options, 'handler');
      if (url !== undefined) addRoute(owner, verb.toLowerCase(), url, handler ? [handler] : [], node, ancestors);
      return;
    }
    if (!VERBS.includes(method) || !isRouterLike(owner, ancestors)) return;
    const routePath = staticString(node.arguments[0], constants);
    if (routePath === undefined) return;
    addRoute(owner, method, routePath, node.arguments.slice(1), node, ancestors);
  }

  function isRouterLike(owner: string, ancestors: readonly Node[]): boolean {
    if (routers.has(owner) || pluginDef(owner, ancestors)) return true;
    if (!usesFramework) return false;
    return /^(?:app|server|router|api|fastify|instance|r|routes|v\d)$|router$|Router$|app$|App$/.test(owner);
  }

  function addRoute(owner: string, method: string, routePath: string, handlers: Node[], node: Node, ancestors: readonly Node[]) {
    const def = pluginDef(owner, ancestors) ?? routers.get(owner);
    const fns = handlers.filter((h) => isFunction(h));
    const handler = fns[fns.length - 1] ?? handlers[handlers.length - 1];
    const guards = handlers
      .filter((h) => h !== handler)
      .map((h) => (h.type === 'CallExpression' ? memberPath(h.callee) : memberPath(h)) ?? '')
      .filter(Boolean);
    facts.routes.push({
      framework: def?.framework ?? guessFramework(imports),
      methods: [method === 'del' ? 'DELETE' : method === 'all' ? '*' : method.toUpperCase()],
      path: routePath,
      owner: def?.key ?? keyOf(owner),
      line: lineOf(node),
      handler,
      handlerLine: handler ? lineOf(handler) : undefined,
      guards,
    });
  }

  function collectMount(owner: string, method: string, node: Extract<Node, { type: 'CallExpression' }>, ancestors: readonly Node[]) {
    const args = node.arguments;
    const parentKey = pluginDef(owner, ancestors)?.key ?? routers.get(owner)?.key ?? keyOf(owner);
    if (method === 'register') {
      const autoload = autoloadTarget(node, imports, path);
      if (autoload) {
        for (const file of files) {
          if (!file.startsWith(`${autoload.dir}/`) || !/\.[cm]?[jt]s$/.test(file) || /\.(?:test|spec)\.[cm]?[jt]s$|\.d\.ts$/.test(file)) continue;
          const folder = file.slice(autoload.dir.length + 1).split('/').slice(0, -1).join('/');
          const prefix = autoload.folderPrefix && folder ? `${autoload.prefix.replace(/\/+$/, '')}/${folder}` : autoload.prefix;
          facts.mounts.push({ parent: parentKey, child: `${file}#default`, prefix, line: lineOf(node) });
        }
        return;
      }
      // fastify.register(async (instance) => { … }, { prefix: '/v1' })
      const inline = unwrapPlugin(args[0], imports);
      if (inline && inline.fn.params[0]?.type === 'Identifier') {
        const key = `${path}#${inline.fn.params[0].name}@${lineOf(inline.fn)}`;
        plugins.set(inline.fn, { key, param: inline.fn.params[0].name, encapsulated: !inline.wrapped, fastify: true });
        facts.mounts.push({ parent: parentKey, child: key, prefix: staticString(objectProperty(args[1], 'prefix'), constants) ?? '', line: lineOf(node) });
        return;
      }
    }
    let prefix = '';
    let rest = args;
    const first = staticString(args[0], constants);
    if (first !== undefined) {
      prefix = first;
      rest = args.slice(1);
    }
    if (method === 'register') {
      // fastify.register(plugin, { prefix: '/api' })
      prefix = staticString(objectProperty(args[1], 'prefix'), constants) ?? '';
      rest = args.slice(0, 1);
    }
    for (const arg of rest) {
      // fastify.register(require('./routes/users'), { prefix }), app.use('/x', require('./x')), register(import('./r.mjs'))
      const required = requiredModule(arg);
      if (required !== undefined) {
        const target = required.startsWith('.') ? resolveRelative(path, required, has) : resolve?.(path, required);
        if (target) facts.mounts.push({ parent: parentKey, child: `${target}#default`, prefix, line: lineOf(node) });
        continue;
      }
      // koa: app.use(router.routes()); express: app.use('/api', router)
      const target = arg.type === 'CallExpression' && lastSegment(memberPath(arg.callee)) === 'routes' && arg.callee.type === 'MemberExpression' ? memberPath(arg.callee.object) : memberPath(arg);
      if (!target) continue;
      const childKey = routers.get(target)?.key ?? keyOf(target);
      facts.mounts.push({ parent: parentKey, child: childKey, prefix, line: lineOf(node) });
    }
  }
}

const CALL_METHODS = new Set([...VERBS, 'prefix', 'setGlobalPrefix', 'use', 'register', 'route']);

function unwrapAwait(node: Node): Node {
  return node.type === 'AwaitExpression' ? node.argument : node;
}

function guessFramework(imports: JsImports): JsFramework {
  if (importsFrom(imports, 'express')) return 'express';
  if (importsFrom(imports, /^(?:koa|@koa\/router|koa-router)$/)) return 'koa';
  if (importsFrom(imports, 'fastify')) return 'fastify';
  if (importsFrom(imports, 'hono')) return 'hono';
  return 'express';
}

/** `export default router`, `module.exports = router`, `export { router as chatRouter }`. */
function collectExports(ast: Node, path: string, facts: JsRouteFacts) {
  const program = ast.type === 'File' ? ast.program : ast;
  if (program.type !== 'Program') return;
  const alias = (exported: string, local: string, line: number) => {
    if (exported !== local) facts.mounts.push({ parent: `${path}#${exported}`, child: `${path}#${local}`, prefix: '', line });
  };
  for (const s of program.body) {
    if (s.type === 'ExportDefaultDeclaration' && s.declaration.type === 'Identifier') alias('default', s.declaration.name, lineOf(s));
    if (s.type === 'ExportNamedDeclaration' && !s.source) {
      for (const spec of s.specifiers) {
        if (spec.type === 'ExportSpecifier') {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
          alias(exported, spec.local.name, lineOf(s));
        }
      }
    }
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression') {
      const left = memberPath(s.expression.left);
      const right = memberPath(s.expression.right);
      if (left === 'module.exports' && right) alias('default', right, lineOf(s));
      const named = left && /^(?:module\.)?exports\.(\w+)$/.exec(left);
      if (named && right) alias(named[1], right, lineOf(s));
    }
  }
}

/** NestJS: `@Controller('chat')` classes with `@Get('x')`, `@Post()`, `@Sse('stream')` methods. */
function collectNestController(node: Extract<Node, { type: 'ClassDeclaration' | 'ClassExpression' }>, imports: JsImports, path: string, constants: Map<string, Node>, facts: JsRouteFacts) {
  const controller = node.decorators?.find((d) => decoratorName(d.expression, imports) === 'Controller');
  if (!controller) return;
  const arg = controller.expression.type === 'CallExpression' ? controller.expression.arguments[0] : undefined;
  const prefix = staticString(arg, constants) ?? staticString(objectProperty(arg, 'path'), constants) ?? '';
  const key = `${path}#${node.id?.name ?? 'controller'}`;
  facts.routers.push({ key, framework: 'nest', kind: 'router', prefix, line: lineOf(node) });
  facts.mounts.push({ parent: '#nest', child: key, prefix: '', line: lineOf(node) });
  const classGuards = guardsOf(node.decorators ?? [], imports);
  for (const member of node.body.body) {
    if (member.type !== 'ClassMethod' || !member.decorators?.length) continue;
    for (const d of member.decorators) {
      const name = decoratorName(d.expression, imports);
      if (!name || !(name in NEST_VERBS)) continue;
      const routeArg = d.expression.type === 'CallExpression' ? d.expression.arguments[0] : undefined;
      facts.routes.push({
        framework: 'nest',
        methods: [NEST_VERBS[name]],
        path: staticString(routeArg, constants) ?? '',
        owner: key,
        line: lineOf(d),
        handler: member,
        handlerLine: lineOf(member),
        guards: [...classGuards, ...guardsOf(member.decorators, imports)],
      });
    }
  }
}

function decoratorName(expression: Node, imports: JsImports): string | undefined {
  const callee = expression.type === 'CallExpression' ? expression.callee : expression;
  const written = memberPath(callee);
  if (!written) return undefined;
  const binding = imports.get(written);
  return binding && binding.imported !== '*' && binding.imported !== 'default' ? binding.imported : lastSegment(written);
}

function guardsOf(decorators: { expression: Node }[], imports: JsImports): string[] {
  const out: string[] = [];
  for (const d of decorators) {
    const name = decoratorName(d.expression, imports);
    if (name === 'UseGuards' && d.expression.type === 'CallExpression') {
      for (const a of d.expression.arguments) out.push((a.type === 'CallExpression' ? memberPath(a.callee) : memberPath(a)) ?? 'guard');
    } else if (name && /^(?:Auth|Roles|Public|UseGuards|ApiKey|Authorized|RequireAuth)/.test(name)) out.push(name);
  }
  return out;
}

/** Next.js route handlers: `route.ts` files under `app/` export GET/POST…; files under `pages/api/` export a default handler. */
function collectNextRoutes(ast: Node, path: string, facts: JsRouteFacts) {
  const appRoute = /(?:^|\/)app\/(.*?)\/?route\.[cm]?[jt]sx?$/.exec(path);
  const pagesApi = /(?:^|\/)pages\/(api\/.*?)\.[cm]?[jt]sx?$/.exec(path);
  if (!appRoute && !pagesApi) return;
  const urlPath = nextUrl(appRoute ? appRoute[1] : pagesApi![1].replace(/\/index$/, ''));
  const program = ast.type === 'File' ? ast.program : ast;
  if (program.type !== 'Program') return;
  for (const s of program.body) {
    if (appRoute && s.type === 'ExportNamedDeclaration' && s.declaration) {
      const d = s.declaration;
      const names: { name: string; fn?: Node }[] = [];
      if (d.type === 'FunctionDeclaration' && d.id) names.push({ name: d.id.name, fn: d });
      if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') names.push({ name: v.id.name, fn: v.init ?? undefined });
      for (const { name, fn } of names) {
        if (!/^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name)) continue;
        facts.routes.push({ framework: 'next', methods: [name], path: urlPath, owner: `${path}#next`, line: lineOf(s), handler: fn, handlerLine: fn ? lineOf(fn) : undefined, guards: [] });
      }
    }
    if (pagesApi && s.type === 'ExportDefaultDeclaration') {
      facts.routes.push({ framework: 'next', methods: ['*'], path: urlPath, owner: `${path}#next`, line: lineOf(s), handler: s.declaration, handlerLine: lineOf(s.declaration), guards: [] });
    }
  }
}

function nextUrl(dir: string): string {
  const segments = dir
    .split('/')
    .filter((seg) => seg && !/^\(.*\)$/.test(seg) && !seg.startsWith('@'))
    .map((seg) => seg.replace(/^\[\.\.\.(\w+)\]$/, '*').replace(/^\[\[\.\.\.(\w+)\]\]$/, '*').replace(/^\[(\w+)\]$/, ':$1'));
  return `/${segments.join('/')}`;
}
