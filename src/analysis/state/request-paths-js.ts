import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsRoutesOf } from '../facts.js';
import { isFunction, memberPath, walk } from '../js/index.js';
import { jsCallables, jsCallsOf } from './callables-js.js';

const LIFECYCLE = /^(?:constructor|onModuleInit|onApplicationBootstrap|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown)$/;

export interface JsRequestPaths {
  /** Function nodes on a request path (valid while the visitor runs). */
  fns: Set<Node>;
  /** Functions of other scanned modules request paths call: `src/db.ts#getClient`, `src/lib/client.ts#client.chat`. */
  calls: { target: string; line: number }[];
}

/**
 * Request paths of a JS/TS module: route handlers (Express, Koa, Fastify, Hono, Next.js), methods
 * of Nest controllers and providers (called per request), and module functions/methods they
 * call, transitively within the module. Calls into other scanned modules (relative and path-alias
 * imports) are kept as `path#name`.
 */
export function jsRequestPaths(file: ParsedFile<'js'>, inventory: Inventory): JsRequestPaths {
  const routes = jsRoutesOf(file, inventory);
  const callables = jsCallables(file);
  const seeds: Node[] = [];

  walk(file.model.ast, (node) => {
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return undefined;
    const decorators = (node.decorators ?? []).map((d) => memberPath(d.expression.type === 'CallExpression' ? d.expression.callee : d.expression) ?? '');
    if (!decorators.some((d) => /^(?:Controller|Injectable|Resolver)$/.test(d))) return undefined;
    for (const m of node.body.body) {
      if (m.type === 'ClassMethod' && m.key.type === 'Identifier' && m.kind === 'method' && !m.static && !LIFECYCLE.test(m.key.name)) seeds.push(m);
    }
    return undefined;
  });
  for (const route of routes.routes) {
    if (!route.handler) continue;
    if (isFunction(route.handler)) seeds.push(route.handler);
    else if (route.handler.type === 'Identifier' && callables.fns.has(route.handler.name)) seeds.push(callables.fns.get(route.handler.name)!);
  }

  const fns = new Set<Node>();
  const calls: { target: string; line: number }[] = [];
  const queue = [...seeds];
  while (queue.length) {
    const fn = queue.pop()!;
    if (fns.has(fn)) continue;
    fns.add(fn);
    const out = jsCallsOf(fn, file, inventory, callables);
    queue.push(...out.local);
    calls.push(...out.imported);
  }
  return { fns, calls };
}
