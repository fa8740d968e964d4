import type { Node } from '@babel/types';
import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { isFunction } from '../js/ast.js';
import { lastSegment, memberPath } from '../js/names.js';
import type { JsRoute } from '../js/routes.js';
import type { PyRoute } from '../python/routes.js';
import type { AppRoute } from '../routes.js';
import { jsCallsIn } from './js-state.js';
import { pyCallsIn } from './py-state.js';

/** Route notes for state rules: what the handler calls (its own name when it is a reference). */
export function handlerCalls(route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>): Record<string, unknown> {
  if (file.kind === 'python') {
    const r = route as PyRoute;
    const calls = pyCallsIn(r.handler as PyNode | undefined);
    if (!r.handler && r.handlerName) calls.push(r.handlerName.slice(r.handlerName.lastIndexOf('.') + 1));
    return { calls };
  }
  const r = route as JsRoute;
  const handler = r.handler as Node | undefined;
  if (handler && isFunction(handler)) return { calls: jsCallsIn(handler) };
  const ref = lastSegment(memberPath(handler));
  return { calls: ref ? [ref] : [] };
}

/** Every name the app's handlers call, and the handler start lines per file. */
export function handlerIndex(routes: readonly AppRoute[]): { calls: Set<string>; lines: Map<string, Set<number>> } {
  const calls = new Set<string>();
  const lines = new Map<string, Set<number>>();
  for (const r of routes) {
    for (const c of (r.notes.calls as string[] | undefined) ?? []) calls.add(c);
    if (r.handlerLine !== undefined) {
      const set = lines.get(r.file) ?? new Set<number>();
      set.add(r.handlerLine);
      lines.set(r.file, set);
    }
  }
  return { calls, lines };
}
