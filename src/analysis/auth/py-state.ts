import type { PyNode } from '../../parsers/python.js';
import { dottedName, enclosingFunction, lineOf, columnOf, walk } from '../python/ast.js';
import { lastSegment, calleeNameOf } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import type { FnFacts, StateFacts, StoreShape } from './state.js';
import { qualifiedLast } from './py-callee.js';

const WRITE_METHODS = new Set(['append', 'add', 'update', 'setdefault', 'insert', 'extend', '__setitem__', 'put', 'appendleft']);
const FACTORIES: Record<string, StoreShape> = {
  dict: 'dict', list: 'list', set: 'set', defaultdict: 'dict', OrderedDict: 'dict', deque: 'list', Counter: 'dict',
  TTLCache: 'dict', LRUCache: 'dict', WeakValueDictionary: 'dict',
};

/** The shape of an empty-or-literal container expression, if it is one. */
function shapeOf(node: PyNode | null, imports: ImportMap): StoreShape | undefined {
  if (!node) return undefined;
  if (node.type === 'dictionary' || node.type === 'dictionary_comprehension') return 'dict';
  if (node.type === 'list' || node.type === 'list_comprehension') return 'list';
  if (node.type === 'set' || node.type === 'set_comprehension') return 'set';
  if (node.type === 'call') {
    // The resolved name ends with this last segment whenever it is defined: most calls stop here.
    const last = qualifiedLast(node, imports);
    if (last === undefined || FACTORIES[last] === undefined) return undefined;
    const name = lastSegment(calleeNameOf(node, imports));
    return name ? FACTORIES[name] : undefined;
  }
  return undefined;
}

interface Scope {
  fnName?: string;
  fnOwner?: string;
  fnLines: number[];
  className?: string;
}

function scopeOf(node: PyNode): Scope {
  const fnLines: number[] = [];
  let fnName: string | undefined;
  let fnOwner: string | undefined;
  let className: string | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      fnLines.push(lineOf(p));
      if (fnName === undefined) {
        fnName = p.childForFieldName('name')?.text;
        const cls = p.parent?.type === 'block' && p.parent.parent?.type === 'class_definition' ? p.parent.parent
          : p.parent?.type === 'decorated_definition' && p.parent.parent?.type === 'block' && p.parent.parent.parent?.type === 'class_definition' ? p.parent.parent.parent
          : undefined;
        fnOwner = cls?.childForFieldName('name')?.text;
      }
    }
    if (p.type === 'class_definition' && className === undefined && !fnLines.length) className = p.childForFieldName('name')?.text;
  }
  return { fnName, fnOwner, fnLines, className };
}

/**
 * Resolves a written-to expression to a store: `users` (module), `self._sessions` /
 * `cls._data` (the method's class), `InMemoryStore._data` (that class). The scope is read only
 * for a name that can be a store.
 */
function targetOf(written: string, at: PyNode): { name: string; owner?: string; scope: Scope } | undefined {
  const dot = written.indexOf('.');
  if (dot < 0) return withScope({ name: written }, at);
  if (written.indexOf('.', dot + 1) >= 0) return undefined;
  const head = written.slice(0, dot);
  const name = written.slice(dot + 1);
  if (head === 'self' || head === 'cls') {
    const scope = scopeOf(at);
    return scope.fnLines.length && scope.fnOwner ? { name, owner: scope.fnOwner, scope } : undefined;
  }
  if (/^[A-Z]/.test(head)) return withScope({ name, owner: head }, at);
  return undefined;
}

/** A target inside some function, with that scope (writes at module level are not recorded). */
function withScope(target: { name: string; owner?: string }, at: PyNode): { name: string; owner?: string; scope: Scope } | undefined {
  const scope = scopeOf(at);
  return scope.fnLines.length ? { ...target, scope } : undefined;
}

/** A function body in collectPyState's walk: the calls of the nodes in [start, end) go to `calls`. */
interface OpenBody {
  start: number;
  end: number;
  calls: Set<string>;
}

/**
 * Containers at module/class level and the writes functions make to them. With `stores` false
 * only the functions and their calls are collected (the call graph spans files; a caller that
 * knows the module holds no store it cares about skips the rest).
 */
export function collectPyState(root: PyNode, imports: ImportMap, file: string, into: StateFacts, stores = true): void {
  // One pre-order pass: each call's last name segment goes to every function whose body holds it
  // (`open`: the bodies around the node, by text range; pre-order visits nodes by increasing
  // start, so a body that ends before a node is closed for good), in source order.
  const filled: { fn: FnFacts; calls: Set<string> }[] = [];
  const open: OpenBody[] = [];
  const firstStore = into.stores.length;
  /** Writes, resolved after the walk only for a store name of this module (stores may come later). */
  const candidates: { written: string; name: string; op: string; at: PyNode }[] = [];
  walk(root, (node) => {
    const type = node.type;
    if (stores) storeFacts(node, type);
    if (type === 'call') {
      if (!open.length) return undefined;
      const at = node.startIndex;
      while (open.length && open[open.length - 1].end <= at) open.pop();
      if (!open.length) return undefined;
      const callee = node.childForFieldName('function');
      const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
      // A call before its function's body (a parameter default) belongs only to the outer bodies.
      if (last) for (const body of open) if (body.start <= at && at < body.end) body.calls.add(last);
      return undefined;
    }
    if (type === 'function_definition') {
      const name = node.childForFieldName('name')?.text;
      if (!name) return undefined;
      const calls = new Set<string>();
      const fn: FnFacts = { file, name, owner: enclosingFunction(node) ? undefined : ownerClass(node), calls: [] };
      into.functions.push(fn);
      filled.push({ fn, calls });
      // Without a body field the whole definition counts as its body.
      const body = node.childForFieldName('body') ?? node;
      // Bodies that ended before this one are closed: the open ones stay nested.
      while (open.length && open[open.length - 1].end <= node.startIndex) open.pop();
      open.push({ start: body.startIndex, end: body.endIndex, calls });
    }
    return undefined;
  });
  for (const { fn, calls } of filled) fn.calls = [...calls];
  if (candidates.length) {
    const names = new Set<string>();
    for (let i = firstStore; i < into.stores.length; i++) names.add(into.stores[i].name);
    for (const c of candidates) if (names.has(c.name)) resolveWrite(c.written, c.op, c.at);
  }

  function storeFacts(node: PyNode, type: string) {
    if (type === 'assignment') {
      const left = node.childForFieldName('left');
      const shape = shapeOf(node.childForFieldName('right'), imports);
      if (shape && left) {
        const scope = scopeOf(node);
        if (!scope.fnLines.length && left.type === 'identifier') {
          into.stores.push({ file, name: left.text, owner: scope.className, line: lineOf(node), column: columnOf(node), shape });
        } else if (scope.fnLines.length && scope.fnOwner && left.type === 'attribute' && dottedName(left.childForFieldName('object')) === 'self') {
          const name = left.childForFieldName('attribute')?.text;
          // `self.x = {}` in `__init__`/setup builds the instance's store; elsewhere it resets it.
          if (name && /^(?:__init__|setup|init|__post_init__|startup)$/.test(scope.fnName ?? '')) {
            into.stores.push({ file, name, owner: scope.fnOwner, line: lineOf(node), column: columnOf(node), shape });
          }
        }
      }
      if (left?.type === 'subscript') recordWrite(left.childForFieldName('value'), '[]=', node);
    } else if (type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left?.type === 'subscript') recordWrite(left.childForFieldName('value'), '[]=', node);
      else recordWrite(left, node.child(1)?.text ?? '|=', node);
    } else if (type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text ?? '';
        if (!WRITE_METHODS.has(method)) return;
        let object = fn.childForFieldName('object');
        // `users[name].append(x)` writes into `users` too.
        if (object?.type === 'subscript') object = object.childForFieldName('value');
        recordWrite(object, method, node);
      }
    }
  }

  function recordWrite(target: PyNode | null, op: string, at: PyNode) {
    const written = dottedName(target);
    // A write can only be to the store its last name names (targetOf's `name`).
    if (written) candidates.push({ written, name: written.slice(written.lastIndexOf('.') + 1), op, at });
  }

  function resolveWrite(written: string, op: string, at: PyNode) {
    const t = targetOf(written, at);
    if (!t) return;
    const scope = t.scope;
    into.writes.push({ file, name: t.name, owner: t.owner, line: lineOf(at), column: columnOf(at), op, fn: scope.fnName, fnOwner: scope.fnOwner, fnLines: scope.fnLines });
  }
}

function ownerClass(fn: PyNode): string | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  return p?.type === 'block' && p.parent?.type === 'class_definition' ? p.parent.childForFieldName('name')?.text : undefined;
}

/** Last segments of every call inside a handler (what it delegates to). */
export function pyCallsIn(fn: PyNode | undefined): string[] {
  if (!fn) return [];
  const calls = new Set<string>();
  walk(fn, (n) => {
    if (n.type === 'call') {
      const callee = n.childForFieldName('function');
      const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
      if (last) calls.add(last);
    }
    return undefined;
  });
  return [...calls];
}
