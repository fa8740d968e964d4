import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsRoutesOf } from '../facts.js';
import { isFunction } from '../js/index.js';
import type { JsCallIndex } from './callables-js.js';

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
export function jsRequestPaths(file: ParsedFile<'js'>, inventory: Inventory, index: JsCallIndex): JsRequestPaths {
  const routes = jsRoutesOf(file, inventory);
  const { callables } = index;
  const seeds: Node[] = [...index.nestMethods];
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
    const out = index.callsOf(fn);
    queue.push(...out.local);
    calls.push(...out.imported);
  }
  return { fns, calls };
}
