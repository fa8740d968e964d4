import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, jsRoutesOf } from '../facts.js';
import { isFunction, memberPath, resolveRelative, topLevelStatements, walk } from '../js/index.js';

const LIFECYCLE = /^(?:constructor|onModuleInit|onApplicationBootstrap|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown)$/;

export interface JsRequestPaths {
  /** Function nodes on a request path (valid while the visitor runs). */
  fns: Set<Node>;
  /** Imported functions request paths call: `src/db.ts#getClient`. */
  calls: { target: string; line: number }[];
}

/**
 * Request paths of a JS/TS module: route handlers (Express, Koa, Fastify, Hono, Next.js), methods
 * of Nest controllers and providers (called per request), and module functions/methods they
 * call, transitively within the module. Calls to relative imports are kept as `path#name`.
 */
export function jsRequestPaths(file: ParsedFile<'js'>, inventory: Inventory): JsRequestPaths {
  const imports = jsImportsOf(file);
  const routes = jsRoutesOf(file, inventory);
  const functions = new Map<string, Node>();
  const methods = new Map<string, Node>();
  const classOf = new Map<Node, string>();
  const seeds: Node[] = [];
  const program = file.model.ast.program;

  for (const s of topLevelStatements(program)) {
    if (s.type === 'FunctionDeclaration' && s.id) functions.set(s.id.name, s);
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier' && isFunction(d.init)) functions.set(d.id.name, d.init!);
  }
  walk(file.model.ast, (node) => {
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return undefined;
    const decorators = (node.decorators ?? []).map((d) => memberPath(d.expression.type === 'CallExpression' ? d.expression.callee : d.expression) ?? '');
    const perRequest = decorators.some((d) => /^(?:Controller|Injectable|Resolver)$/.test(d));
    for (const m of node.body.body) {
      if (m.type !== 'ClassMethod' || m.key.type !== 'Identifier') continue;
      methods.set(`${node.id?.name}.${m.key.name}`, m);
      classOf.set(m, node.id?.name ?? '');
      if (perRequest && m.kind === 'method' && !m.static && !LIFECYCLE.test(m.key.name)) seeds.push(m);
    }
    return undefined;
  });
  for (const route of routes.routes) {
    if (!route.handler) continue;
    if (isFunction(route.handler)) seeds.push(route.handler);
    else if (route.handler.type === 'Identifier' && functions.has(route.handler.name)) seeds.push(functions.get(route.handler.name)!);
  }

  const fns = new Set<Node>();
  const calls: { target: string; line: number }[] = [];
  const queue = [...seeds];
  while (queue.length) {
    const fn = queue.pop()!;
    if (fns.has(fn)) continue;
    fns.add(fn);
    const cls = classOf.get(fn);
    walk(fn, (n) => {
      if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return undefined;
      const callee = memberPath(n.callee);
      if (!callee) return undefined;
      if (functions.has(callee)) queue.push(functions.get(callee)!);
      if (callee.startsWith('this.')) {
        const method = cls ? methods.get(`${cls}.${callee.slice(5)}`) : undefined;
        if (method) queue.push(method);
      }
      const binding = imports.get(callee.split('.')[0]);
      if (binding?.source.startsWith('.') && !callee.includes('.')) {
        const path = resolveRelative(file.path, binding.source, (p) => inventory.has(p));
        if (path) calls.push({ target: `${path}#${binding.imported === '*' ? 'default' : binding.imported}`, line: n.loc?.start.line ?? 1 });
      }
      return undefined;
    });
  }
  return { fns, calls };
}

