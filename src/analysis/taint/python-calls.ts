import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { pyImportsOf, pyRoutesOf } from '../facts.js';
import { enclosingFunction, walk } from '../python/ast.js';
import { callInfo, lastSegment, type PyCall } from '../python/calls.js';
import { pyTaint, type PyTaint } from './python.js';

/**
 * Function definitions of a module that handle requests: route-decorated functions, functions
 * registered by name (`add_url_rule`, aiohttp `add_get`), and Django/DRF views (a `request`
 * parameter first, after `self`).
 */
const handlerCache = new WeakMap<object, Set<number>>();

export function pyHandlerIds(file: ParsedFile<'python'>): Set<number> {
  const cached = handlerCache.get(file.model);
  if (cached) return cached;
  const facts = pyRoutesOf(file);
  const ids = new Set<number>();
  handlerCache.set(file.model, ids);
  const names = new Set<string>();
  for (const r of facts.routes) {
    if (r.handler) ids.add(r.handler.id);
    else if (r.handlerName) names.add(lastSegment(r.handlerName)!);
  }
  walk(file.model.root, (n) => {
    if (n.type !== 'function_definition') return undefined;
    const name = n.childForFieldName('name')?.text ?? '';
    const params = (n.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.type === 'identifier' ? p.text : p?.namedChild(0)?.text ?? p?.childForFieldName('name')?.text));
    const first = params[0] === 'self' ? params[1] : params[0];
    if (names.has(name) || first === 'request') ids.add(n.id);
    return undefined;
  });
  return ids;
}

export interface PyCallSite {
  call: PyCall;
  fn?: PyNode;
  /** The enclosing function handles requests. */
  inHandler: boolean;
  taint: PyTaint;
}

/** Visits every call of a module with the taint of its enclosing function (computed once per function). */
export function forEachPyCall(file: ParsedFile<'python'>, visit: (site: PyCallSite) => void): void {
  const imports = pyImportsOf(file);
  const handlers = pyHandlerIds(file);
  const taints = new Map<number, PyTaint>();
  const moduleTaint = pyTaint(undefined, imports);
  walk(file.model.root, (node) => {
    if (node.type !== 'call') return undefined;
    const fn = enclosingFunction(node);
    let taint = moduleTaint;
    if (fn) {
      taint = taints.get(fn.id) ?? pyTaint(fn, imports, { handler: handlers.has(fn.id) });
      taints.set(fn.id, taint);
    }
    visit({ call: callInfo(node, imports), fn, inHandler: !!fn && handlers.has(fn.id), taint });
    return undefined;
  });
}
