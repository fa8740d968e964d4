import type { PyNode } from '../../parsers/python.js';
import { dottedName, lineOf, columnOf, walk } from '../python/ast.js';
import { lastSegment, calleeNameOf } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import type { FnFacts, StateFacts, StoreShape } from './state.js';

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
 * `cls._data` (the method's class), `InMemoryStore._data` (that class).
 */
function targetOf(node: PyNode | null, scope: Scope): { name: string; owner?: string } | undefined {
  const written = dottedName(node);
  if (!written) return undefined;
  const parts = written.split('.');
  if (parts.length === 1) return { name: parts[0] };
  if (parts.length === 2 && (parts[0] === 'self' || parts[0] === 'cls')) return scope.fnOwner ? { name: parts[1], owner: scope.fnOwner } : undefined;
  if (parts.length === 2 && /^[A-Z]/.test(parts[0])) return { name: parts[1], owner: parts[0] };
  return undefined;
}

/** Marks the end of a function body in collectPyState's walk. */
const LEAVE = Symbol('leave');

/**
 * Containers at module/class level and the writes functions make to them. With `stores` false
 * only the functions and their calls are collected (the call graph spans files; a caller that
 * knows the module holds no store it cares about skips the rest).
 */
export function collectPyState(root: PyNode, imports: ImportMap, file: string, into: StateFacts, stores = true): void {
  // One pre-order pass: each call's last name segment goes to every function whose body holds it
  // (`active`: the call sets of the functions whose bodies enclose the node), in source order.
  // A function's body is bracketed on the stack by markers that push and pop its set.
  const filled: { fn: FnFacts; calls: Set<string> }[] = [];
  const active: Set<string>[] = [];
  const stack: (PyNode | Set<string> | typeof LEAVE)[] = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === LEAVE) {
      active.pop();
      continue;
    }
    if (item instanceof Set) {
      active.push(item);
      continue;
    }
    const node = item;
    if (stores) storeFacts(node);
    if (node.type === 'call' && active.length) {
      const callee = node.childForFieldName('function');
      const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
      if (last) for (const set of active) set.add(last);
    }
    const children = node.children;
    if (node.type === 'function_definition') {
      const name = node.childForFieldName('name')?.text;
      if (name) {
        const calls = new Set<string>();
        const scope = scopeOf(node.childForFieldName('name')!);
        const fn: FnFacts = { file, name, owner: scope.fnLines.length > 1 ? undefined : ownerClass(node), calls: [] };
        into.functions.push(fn);
        filled.push({ fn, calls });
        const body = node.childForFieldName('body');
        if (!body) {
          // Without a body field the whole definition counts as its body.
          stack.push(LEAVE);
          for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
          stack.push(calls);
          continue;
        }
        for (let i = children.length - 1; i >= 0; i--) {
          if (children[i] === body) stack.push(LEAVE, body, calls);
          else stack.push(children[i]);
        }
        continue;
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  for (const { fn, calls } of filled) fn.calls = [...calls];

  function storeFacts(node: PyNode) {
    if (node.type === 'assignment') {
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
    }
    if (node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left?.type === 'subscript') recordWrite(left.childForFieldName('value'), '[]=', node);
      else recordWrite(left, node.child(1)?.text ?? '|=', node);
    }
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text ?? '';
        let object = fn.childForFieldName('object');
        // `users[name].append(x)` writes into `users` too.
        if (object?.type === 'subscript') object = object.childForFieldName('value');
        if (WRITE_METHODS.has(method)) recordWrite(object, method, node);
      }
    }
  }

  function recordWrite(target: PyNode | null, op: string, at: PyNode) {
    const scope = scopeOf(at);
    if (!scope.fnLines.length) return;
    const t = targetOf(target, scope);
    if (!t) return;
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
