import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { pyImportsOf, pyRoutesOf } from '../facts.js';
import { absoluteModule, dottedName, enclosingClass, lastSegment, qualify, walk } from '../python/index.js';
import { Memo } from '../memo.js';

const CBV_BASE = /(?:^|\.)(?:\w*View|\w*ViewSet|APIView|Resource|MethodView|HTTPEndpoint|WebSocketEndpoint|Controller)$/;
const CBV_METHODS = /^(?:get|post|put|patch|delete|head|options|list|create|retrieve|update|partial_update|destroy|dispatch)$/;

export interface PyRequestPaths {
  /** function_definition ids on a request path (valid while the visitor runs). */
  ids: Set<number>;
  /** Names of the request-path functions (for messages). */
  names: Map<number, string>;
  /** Qualified names of imported functions request paths call or depend on: `app.deps.get_redis`. */
  calls: { target: string; line: number }[];
  /** Module-level functions (not in a class or function) by name, the last definition winning. */
  functions: Map<string, PyNode>;
  /** Whether the module spells `Depends`/`Security` (the flag to hand `pyCallees`). */
  depends: boolean;
}

/**
 * Request paths of a Python module: route handlers (FastAPI/Flask/aiohttp/Starlette/Django views,
 * class-based views), their `Depends(...)` targets, and module functions/methods they call,
 * transitively within the module. Calls to imported functions are kept as qualified names.
 */
export function pyRequestPaths(file: ParsedFile<'python'>): PyRequestPaths {
  const imports = pyImportsOf(file);
  const routes = pyRoutesOf(file);
  const functions = new Map<string, PyNode>();
  const methods = new Map<string, PyNode>();
  const seeds: PyNode[] = [];
  const isViewsModule = /(?:^|\/)views(?:\.py|\/)/.test(file.path);

  // Only definitions outside any function count (nested ones are never recorded), so the walk
  // stops at each function: its body is never read here.
  walk(file.model.root, (node) => {
    if (node.type !== 'function_definition') return undefined;
    const name = node.childForFieldName('name')?.text ?? '';
    const cls = enclosingClass(node);
    if (!cls) functions.set(name, node);
    if (cls) {
      methods.set(`${cls.childForFieldName('name')?.text}.${name}`, node);
      const bases = cls.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
      if (bases.some((b) => CBV_BASE.test(b)) && CBV_METHODS.test(name)) seeds.push(node);
    }
    if (isViewsModule && !cls) {
      const first = node.childForFieldName('parameters')?.namedChildren[0];
      const param = first?.type === 'identifier' ? first.text : first?.namedChild(0)?.text;
      if (param === 'request') seeds.push(node);
    }
    return false;
  });
  for (const route of routes.routes) {
    if (route.handler) seeds.push(route.handler);
    const byName = route.handlerName ? functions.get(lastSegment(route.handlerName)!) : undefined;
    if (byName) seeds.push(byName);
    for (const guard of route.guards) {
      const dep = functions.get(guard);
      if (dep) seeds.push(dep);
    }
  }

  // Sound: `Depends`/`Security` is the last segment of the callee as written, so the module spells it.
  const depends = /Depends|Security/.test(file.text);
  const ids = new Set<number>();
  const names = new Map<number, string>();
  const calls: { target: string; line: number }[] = [];
  const queue = [...seeds];
  while (queue.length) {
    const fn = queue.pop()!;
    if (ids.has(fn.id)) continue;
    ids.add(fn.id);
    names.set(fn.id, fn.childForFieldName('name')?.text ?? '');
    const clsName = enclosingClass(fn)?.childForFieldName('name')?.text;
    for (const { node: n, callee } of pyCallees(fn, depends)) {
      const local = functions.get(callee) ?? (clsName && callee.startsWith('self.') ? methods.get(`${clsName}.${callee.slice(5)}`) : undefined);
      if (local) queue.push(local);
      else if (imports.has(callee.split('.')[0])) {
        const target = qualify(callee, imports);
        if (target) calls.push({ target: target.startsWith('.') ? absoluteModule(target, file.path) : target, line: n.startPosition.row + 1 });
      }
    }
  }
  return { ids, names, calls, functions, depends };
}

export interface PyCallee {
  /** The call, or the function name passed to `Depends(...)`/`Security(...)`. */
  node: PyNode;
  /** The callee as written (`deps.get_db`), or the name passed. */
  callee: string;
  isCall: boolean;
}

const callees = new Memo<PyNode, { depends: boolean; list: PyCallee[] }>();

/**
 * Every call in a function (its definition as a whole, nested functions included) by the callee
 * as written, in source order; with `depends`, also the names `Depends(...)`/`Security(...)` are
 * given. Read once per function and shared by the request-path and client walks.
 */
export function pyCallees(fn: PyNode, depends: boolean): PyCallee[] {
  const known = callees.get(fn);
  if (known?.depends === depends) return known.list;
  const list: PyCallee[] = [];
  walk(fn, (n) => {
    if (n.type === 'call') {
      const callee = dottedName(n.childForFieldName('function'));
      if (callee) list.push({ node: n, callee, isCall: true });
    } else if (depends && n.type === 'identifier') {
      // `Depends(get_db)` passes a function without calling it.
      if (n.parent?.parent?.type === 'call' && /(?:^|\.)(?:Depends|Security)$/.test(dottedName(n.parent.parent.childForFieldName('function')) ?? '')) list.push({ node: n, callee: n.text, isCall: false });
    }
    return undefined;
  });
  callees.set(fn, { depends, list });
  return list;
}
