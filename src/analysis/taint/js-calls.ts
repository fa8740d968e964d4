import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, jsRoutesOf } from '../facts.js';
import { enclosingFunction, isFunction, walk, type FunctionNode } from '../js/ast.js';
import { calleeName, memberPath } from '../js/names.js';
import { jsTaint, type JsTaint } from './js.js';
import { Memo } from '../memo.js';

/** Functions of a module that handle requests: route handlers, NestJS route methods, `(req, res)` middleware. */
const handlerCache = new Memo<object, Set<Node>>();

export function jsHandlers(file: ParsedFile<'js'>, inventory: Inventory): Set<Node> {
  const cached = handlerCache.get(file.model);
  if (cached) return cached;
  const handlers = new Set<Node>();
  handlerCache.set(file.model, handlers);
  for (const r of jsRoutesOf(file, inventory).routes) if (r.handler && isFunction(r.handler)) handlers.add(r.handler);
  walk(file.model.ast, (n) => {
    if (!isFunction(n)) return undefined;
    const first = n.params[0];
    const second = n.params[1];
    const name = (p: Node | undefined) => (p?.type === 'Identifier' ? p.name : undefined);
    if (/^(?:req|request)$/.test(name(first) ?? '') || (name(first) === 'ctx' && /^(?:next)$/.test(name(second) ?? '')) || /^(?:res|reply|response)$/.test(name(second) ?? '')) handlers.add(n);
    return undefined;
  });
  return handlers;
}

/**
 * Next.js server actions: exported functions of a `'use server'` module and functions whose body
 * starts with `'use server'`. The browser calls them with arguments it chooses.
 */
const actionCache = new Memo<object, Set<Node>>();

export function jsServerActions(file: ParsedFile<'js'>): Set<Node> {
  const cached = actionCache.get(file.model);
  if (cached) return cached;
  const actions = new Set<Node>();
  actionCache.set(file.model, actions);
  const program = file.model.ast.type === 'File' ? file.model.ast.program : undefined;
  // A directive's `value` is its raw text, so a module without the words has none.
  if (!program || !file.text.includes('use server')) return actions;
  const useServer = (directives: { value: { value: string } }[] | undefined) => !!directives?.some((d) => d.value.value === 'use server');
  if (useServer(program.directives)) {
    for (const s of program.body) {
      const d = s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' ? s.declaration : undefined;
      if (!d) continue;
      if (isFunction(d)) actions.add(d);
      if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.init && isFunction(v.init)) actions.add(v.init);
    }
  }
  walk(program, (n) => {
    if (isFunction(n) && n.body.type === 'BlockStatement' && useServer(n.body.directives)) actions.add(n);
    return undefined;
  });
  return actions;
}

export interface JsCallSite {
  node: Extract<Node, { type: 'CallExpression' | 'NewExpression' | 'OptionalCallExpression' }>;
  /** Callee with imports resolved (`child_process.exec`). */
  name: string;
  /** Callee as written (`cp.exec`, `db.query`). */
  written: string;
  args: Node[];
  fn?: FunctionNode;
  inHandler: boolean;
  /** Computed on the first `sourceOf`, once per scope and shared by every rule. */
  taint: JsTaint;
}

/**
 * Every call of a module, built once per file (the rules that scan calls share it; keyed by the
 * model so it is garbage with the file). A function nested in a handler (a callback) sees the
 * handler's request data too.
 */
const siteCache = new Memo<object, JsCallSite[]>();

export function jsCallSites(file: ParsedFile<'js'>, inventory: Inventory): JsCallSite[] {
  const cached = siteCache.get(file.model);
  if (cached) return cached;
  const imports = jsImportsOf(file);
  const handlers = jsHandlers(file, inventory);
  const actions = jsServerActions(file);
  const taints = new Map<Node, JsTaint>();
  const none = lazyJsTaint(undefined, false, false);
  const sites: JsCallSite[] = [];
  walk(file.model.ast, (node, ancestors) => {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression' && node.type !== 'OptionalCallExpression') return undefined;
    const fn = enclosingFunction(ancestors);
    const handler = nearest(ancestors, handlers);
    const action = handler || !actions.size ? undefined : nearest(ancestors, actions);
    const scope = handler ?? action ?? fn;
    let taint = none;
    if (scope) {
      taint = taints.get(scope) ?? lazyJsTaint(scope, !!handler, !!action);
      taints.set(scope, taint);
    }
    sites.push({
      node,
      name: calleeName(node, imports) ?? '',
      written: memberPath(node.callee) ?? '',
      args: node.arguments as Node[],
      fn,
      inHandler: !!handler,
      taint,
    });
    return undefined;
  });
  siteCache.set(file.model, sites);
  return sites;
}

/** Visits every call of a module with the taint of its scope (computed once per scope, when first asked). */
export function forEachJsCall(file: ParsedFile<'js'>, inventory: Inventory, visit: (site: JsCallSite) => void): void {
  for (const site of jsCallSites(file, inventory)) visit(site);
}

/** The innermost ancestor in `set`. */
function nearest(ancestors: readonly Node[], set: Set<Node>): FunctionNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) if (set.has(ancestors[i])) return ancestors[i] as FunctionNode;
  return undefined;
}

function lazyJsTaint(scope: FunctionNode | undefined, handler: boolean, serverAction: boolean): JsTaint {
  let taint: JsTaint | undefined;
  return { sourceOf: (node) => (taint ??= jsTaint(scope, { handler, serverAction })).sourceOf(node) };
}
