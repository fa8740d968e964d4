import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { pyImportsOf, pyRoutesOf } from '../facts.js';
import { absoluteModule, dottedName, enclosingClass, lastSegment, qualify, walk, type ImportMap } from '../python/index.js';

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
  /**
   * The calls in a function (its definition as a whole, nested functions included) that can lead
   * somewhere, by the callee as written, in source order; also the names passed to
   * `Depends(...)`/`Security(...)`. Read once per function (request-path and client walks share it).
   */
  callees(fn: PyNode): readonly PyCallee[];
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
  // stops at each function: its body is never read here; nor are simple statements (below).
  const cbvClasses = new Map<PyNode, boolean>();
  walk(file.model.root, (node) => {
    const type = node.type;
    if (type !== 'function_definition') return SIMPLE_STATEMENTS.has(type) && !node.hasError ? false : undefined;
    const name = node.childForFieldName('name')?.text ?? '';
    const cls = enclosingClass(node);
    if (!cls) functions.set(name, node);
    if (cls) {
      methods.set(`${cls.childForFieldName('name')?.text}.${name}`, node);
      let cbv = cbvClasses.get(cls);
      if (cbv === undefined) cbvClasses.set(cls, (cbv = isClassBasedView(cls)));
      if (cbv && CBV_METHODS.test(name)) seeds.push(node);
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
  const read = new Map<PyNode, PyCallee[]>();
  const callees = (fn: PyNode): readonly PyCallee[] => {
    let list = read.get(fn);
    if (!list) read.set(fn, (list = readCallees(fn, depends, imports, functions)));
    return list;
  };
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
    for (const { node: n, callee } of callees(fn)) {
      const local = functions.get(callee) ?? (clsName && callee.startsWith('self.') ? methods.get(`${clsName}.${callee.slice(5)}`) : undefined);
      if (local) queue.push(local);
      else if (imports.has(headOf(callee))) {
        const target = qualify(callee, imports);
        if (target) calls.push({ target: target.startsWith('.') ? absoluteModule(target, file.path) : target, line: n.startPosition.row + 1 });
      }
    }
  }
  return { ids, names, calls, functions, callees };
}

export interface PyCallee {
  /** The call, or the function name passed to `Depends(...)`/`Security(...)`. */
  node: PyNode;
  /** The callee as written (`deps.get_db`), or the name passed. */
  callee: string;
  isCall: boolean;
}

/**
 * Statements that never hold a function definition: the top-level walk skips them (when their
 * subtree parsed without error, so no recovered definition can hide inside).
 */
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'import_statement', 'import_from_statement', 'future_import_statement', 'return_statement', 'assert_statement', 'raise_statement', 'delete_statement', 'global_statement', 'nonlocal_statement', 'pass_statement', 'break_statement', 'continue_statement', 'print_statement', 'exec_statement', 'type_alias_statement', 'decorator', 'comment']);

function isClassBasedView(cls: PyNode): boolean {
  const bases = cls.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
  return bases.some((b) => CBV_BASE.test(b));
}

export function headOf(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

/**
 * Sound to drop the other calls: both readers look a callee up only as a module function (one
 * segment), a `self.` method or by its first segment among the imports; `Depends` names only as
 * a module function or an import.
 */
function readCallees(fn: PyNode, depends: boolean, imports: ImportMap, functions: ReadonlyMap<string, PyNode>): PyCallee[] {
  const list: PyCallee[] = [];
  // The arguments of one call come one after another: its answer is kept for the next.
  let lastCall: PyNode | undefined;
  let lastIsDepends = false;
  walk(fn, (n) => {
    const type = n.type;
    if (type === 'call') {
      const callee = n.childForFieldName('function');
      const head = callee && chainHead(callee);
      if (!head) return undefined;
      const headText = head.text;
      if (headText !== 'self' && !imports.has(headText) && !(head === callee && functions.has(headText))) return undefined;
      const written = dottedName(callee);
      if (written) list.push({ node: n, callee: written, isCall: true });
    } else if (depends && type === 'identifier') {
      // `Depends(get_db)` passes a function without calling it.
      const call = n.parent?.parent;
      if (call?.type !== 'call') return undefined;
      if (call !== lastCall) {
        lastCall = call;
        lastIsDepends = isDependsCallee(call.childForFieldName('function'));
      }
      if (lastIsDepends) {
        const name = n.text;
        if (functions.has(name) || imports.has(name)) list.push({ node: n, callee: name, isCall: false });
      }
    }
    return undefined;
  });
  return list;
}

/** `/(?:^|\.)(?:Depends|Security)$/.test(dottedName(callee) ?? '')` without building the name. */
function isDependsCallee(callee: PyNode | null): boolean {
  if (callee?.type === 'identifier') return isDependsName(callee.text);
  if (callee?.type !== 'attribute') return false;
  const attribute = callee.childForFieldName('attribute');
  return !!attribute && isDependsName(attribute.text) && dottedName(callee) !== undefined;
}

function isDependsName(name: string): boolean {
  return name === 'Depends' || name === 'Security';
}

/** The identifier an identifier/attribute chain starts with (`a` of `a.b.c`), else undefined. */
function chainHead(node: PyNode): PyNode | undefined {
  let n: PyNode | null = node;
  while (n?.type === 'attribute') n = n.childForFieldName('object');
  return n?.type === 'identifier' ? n : undefined;
}
