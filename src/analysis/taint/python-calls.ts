import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { pyImportsOf, pyRoutesOf } from '../facts.js';
import { enclosingFunction, walk } from '../python/ast.js';
import { callInfo, lastSegment, type PyCall } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import { pyTaint, type PyTaint } from './python.js';
import { Memo } from '../memo.js';

/**
 * Function definitions of a module that handle requests: route-decorated functions, functions
 * registered by name (`add_url_rule`, aiohttp `add_get`), and Django/DRF views (a `request`
 * parameter first, after `self`).
 */
const handlerCache = new Memo<object, Set<number>>();

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
  /** Computed on the first `sourceOf`, once per function and shared by every rule. */
  taint: PyTaint;
}

/**
 * Every call of a module, built once per file (the rules that scan calls share it; keyed by the
 * model so it is garbage with the file).
 */
const siteCache = new Memo<object, PyCallSite[]>();

export function pyCallSites(file: ParsedFile<'python'>): PyCallSite[] {
  const cached = siteCache.get(file.model);
  if (cached) return cached;
  const imports = pyImportsOf(file);
  const handlers = pyHandlerIds(file);
  const taints = new Map<number, PyTaint>();
  const moduleTaint = lazyPyTaint(undefined, imports, false);
  const sites: PyCallSite[] = [];
  walk(file.model.root, (node) => {
    if (node.type !== 'call') return undefined;
    const fn = enclosingFunction(node);
    const inHandler = !!fn && handlers.has(fn.id);
    let taint = moduleTaint;
    if (fn) {
      taint = taints.get(fn.id) ?? lazyPyTaint(fn, imports, inHandler);
      taints.set(fn.id, taint);
    }
    sites.push({ call: callInfo(node, imports), fn, inHandler, taint });
    return undefined;
  });
  siteCache.set(file.model, sites);
  return sites;
}

/** Visits every call of a module with the taint of its enclosing function (computed once per function, when first asked). */
export function forEachPyCall(file: ParsedFile<'python'>, visit: (site: PyCallSite) => void): void {
  for (const site of pyCallSites(file)) visit(site);
}

function lazyPyTaint(fn: PyNode | undefined, imports: ImportMap, handler: boolean): PyTaint {
  let taint: PyTaint | undefined;
  return { sourceOf: (node) => (taint ??= pyTaint(fn, imports, { handler })).sourceOf(node) };
}
