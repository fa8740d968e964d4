import type { Node } from '@babel/types';
import { isFunction, type FunctionNode } from './ast.js';
import type { JsImports } from './imports.js';
import { calleeName, memberPath } from './names.js';
import { objectProperty, staticString } from './values.js';

/**
 * Fastify-style plugins: functions that receive the app (`async function routes(fastify, opts)`)
 * and declare routes and hooks on it. Their routes belong to the plugin, which is mounted where it
 * is registered (`app.register(routes, { prefix })`, or by `@fastify/autoload` from its folder).
 * A plugin wrapped in `fastify-plugin` shares its parent's scope: its hooks apply to the parent.
 */
export interface JsPlugin {
  /** Router key of the plugin: `src/routes/users.js#default`, `src/app.js#routes`, `src/app.js#instance@12`. */
  key: string;
  /** Name of the parameter that holds the app inside the plugin. */
  param: string;
  /** False when wrapped in `fastify-plugin`: hooks and decorators reach the parent scope. */
  encapsulated: boolean;
  /** Whether the shape says Fastify (param name, `fastify-plugin`, `async (x, opts)`). */
  fastify: boolean;
}

/** Parameter names a plugin gives the app it receives. */
const APP_PARAM = /^(?:fastify|instance|app|server|router|api|scope|childServer)$/;

/** Plugin functions of a module, keyed by function node. */
export function pluginFunctions(ast: Node, imports: JsImports, path: string, fastifyModule: boolean): Map<Node, JsPlugin> {
  const plugins = new Map<Node, JsPlugin>();
  const program = ast.type === 'File' ? ast.program : ast;
  if (program.type !== 'Program') return plugins;

  const add = (value: Node | null | undefined, key: string) => {
    const unwrapped = unwrapPlugin(value, imports);
    if (!unwrapped) return;
    const { fn, wrapped } = unwrapped;
    const first = fn.params[0];
    if (first?.type !== 'Identifier') return;
    if (!wrapped && !APP_PARAM.test(first.name)) return;
    const second = fn.params[1];
    const fastify = wrapped || fastifyModule || /^(?:fastify|instance)$/.test(first.name) || (!!fn.async && second?.type === 'Identifier' && /^_?opt(?:ion)?s$/.test(second.name));
    plugins.set(fn, { key, param: first.name, encapsulated: !wrapped, fastify });
  };

  for (const s of program.body) {
    if (s.type === 'ExportDefaultDeclaration') {
      const d = s.declaration;
      add(d as Node, `${path}#default`);
      continue;
    }
    const declaration = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    if (!declaration) continue;
    if (declaration.type === 'FunctionDeclaration' && declaration.id) add(declaration, `${path}#${declaration.id.name}`);
    if (declaration.type === 'VariableDeclaration') {
      for (const v of declaration.declarations) if (v.id.type === 'Identifier') add(v.init, `${path}#${v.id.name}`);
    }
    if (declaration.type === 'ExpressionStatement' && declaration.expression.type === 'AssignmentExpression') {
      const left = memberPath(declaration.expression.left);
      if (left === 'module.exports') add(declaration.expression.right, `${path}#default`);
    }
  }
  return plugins;
}

/** `fn`, `fp(fn, opts)`, `fastifyPlugin(fn)`: the plugin function and whether it was wrapped. */
export function unwrapPlugin(value: Node | null | undefined, imports: JsImports): { fn: FunctionNode; wrapped: boolean } | undefined {
  if (!value) return undefined;
  if (isFunction(value)) return { fn: value as FunctionNode, wrapped: false };
  if (value.type === 'CallExpression' && /^fastify-plugin(?:\.default)?$/.test(calleeName(value, imports) ?? '')) {
    const inner = value.arguments[0];
    if (inner && isFunction(inner)) return { fn: inner as FunctionNode, wrapped: true };
  }
  return undefined;
}

/** The innermost plugin among `ancestors` whose app parameter is `owner`'s head (`fastify` of `fastify.get`). */
export function pluginOf(owner: string, ancestors: readonly Node[], plugins: Map<Node, JsPlugin>): JsPlugin | undefined {
  const head = owner.split('.')[0];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (!isFunction(a)) continue;
    const plugin = plugins.get(a);
    if (plugin) return plugin.param === head ? plugin : undefined;
    // A nested function that rebinds the name hides the plugin's parameter.
    if ((a as FunctionNode).params.some((p) => p.type === 'Identifier' && p.name === head)) return undefined;
  }
  return undefined;
}

/**
 * `app.register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix: '/api' } })`:
 * the folder it loads (repository path) and the prefix it adds; every module in it is a plugin
 * mounted under its sub-folder's name.
 */
export function autoloadTarget(call: Extract<Node, { type: 'CallExpression' }>, imports: JsImports, path: string): { dir: string; prefix: string; folderPrefix: boolean } | undefined {
  const plugin = call.arguments[0];
  if (!plugin || !/^(?:@fastify\/autoload|fastify-autoload)(?:\.default)?$/.test(calleeNameOf(plugin, imports))) return undefined;
  const options = call.arguments[1];
  const dirNode = objectProperty(options, 'dir');
  const relative = dirNode ? lastStringArgument(dirNode) : undefined;
  if (relative === undefined) return undefined;
  const here = path.includes('/') ? path.slice(0, path.lastIndexOf('/')).split('/') : [];
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') here.pop();
    else here.push(seg);
  }
  const prefix = staticString(objectProperty(objectProperty(options, 'options'), 'prefix')) ?? '';
  const folderPrefix = objectProperty(options, 'dirNameRoutePrefix')?.type !== 'BooleanLiteral' || (objectProperty(options, 'dirNameRoutePrefix') as { value: boolean }).value;
  return { dir: here.join('/'), prefix, folderPrefix };
}

function calleeNameOf(node: Node, imports: JsImports): string {
  const written = memberPath(node);
  if (!written) return '';
  const binding = imports.get(written.split('.')[0]);
  if (!binding) return written;
  return binding.imported === 'default' || binding.imported === '*' ? binding.source : `${binding.source}.${binding.imported}`;
}

/** `join(__dirname, 'routes')`, `path.resolve(import.meta.dirname, './routes')`, `new URL('./routes', import.meta.url)`: `routes`. */
function lastStringArgument(node: Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value;
  if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node.arguments.length) {
    const strings = node.arguments.filter((a) => a.type === 'StringLiteral') as { value: string }[];
    if (!strings.length && node.arguments.length === 1) return lastStringArgument(node.arguments[0] as Node);
    if (!strings.length) return undefined;
    if (node.type === 'NewExpression') return strings[0]?.value;
    return strings.map((s) => s.value).join('/');
  }
  return undefined;
}
