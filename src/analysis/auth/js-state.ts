import type { Node } from '@babel/types';
import { columnOf, isFunction, lineOf, walk } from '../js/ast.js';
import { lastSegment, memberPath, memberPropertyName } from '../js/names.js';
import type { FnFacts, StateFacts, StoreShape } from './state.js';

const WRITE_METHODS = new Set(['set', 'add', 'push', 'unshift', 'splice']);

function shapeOf(node: Node | null | undefined): StoreShape | undefined {
  if (!node) return undefined;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return shapeOf(node.expression);
  if (node.type === 'ObjectExpression') return 'object';
  if (node.type === 'ArrayExpression') return 'array';
  if (node.type === 'NewExpression' && node.callee.type === 'Identifier') {
    if (node.callee.name === 'Map') return 'map';
    if (node.callee.name === 'Set') return 'set';
    if (/^(?:LRUCache|LRU|NodeCache|TTLCache)$/.test(node.callee.name)) return 'map';
  }
  if (node.type === 'CallExpression' && memberPath(node.callee) === 'Object.create') return 'object';
  return undefined;
}

interface Scope {
  fnName?: string;
  fnOwner?: string;
  fnLines: number[];
}

function functionName(fn: Node, parent: Node | undefined): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod' || fn.type === 'ClassPrivateMethod') && fn.key.type === 'Identifier') return fn.key.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'ClassProperty' || parent?.type === 'ObjectProperty') && parent.key.type === 'Identifier') return parent.key.name;
  return undefined;
}

function classNameOf(ancestors: readonly Node[], from: number): string | undefined {
  for (let i = from; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'ClassDeclaration' || a.type === 'ClassExpression') return a.id?.name ?? 'class';
  }
  return undefined;
}

function scopeOf(ancestors: readonly Node[]): Scope {
  const fnLines: number[] = [];
  let fnName: string | undefined;
  let fnOwner: string | undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (!isFunction(a)) continue;
    fnLines.push(lineOf(a));
    if (fnName === undefined) {
      fnName = functionName(a, ancestors[i - 1]);
      if (fnName !== undefined || a.type === 'ClassMethod') fnOwner = a.type === 'ClassMethod' || a.type === 'ClassPrivateMethod' || ancestors[i - 1]?.type === 'ClassProperty' ? classNameOf(ancestors, i - 1) : undefined;
    }
  }
  return { fnName, fnOwner, fnLines };
}

/** `users` → module store; `this.sessions` → the class's store. */
function targetOf(node: Node | null | undefined, ancestors: readonly Node[]): { name: string; owner?: string } | undefined {
  const written = memberPath(node);
  if (!written) return undefined;
  const parts = written.split('.');
  if (parts.length === 1) return { name: parts[0] };
  if (parts.length === 2 && parts[0] === 'this') return { name: parts[1].replace(/^#/, ''), owner: classNameOf(ancestors, ancestors.length - 1) };
  return undefined;
}

/** A named function in collectJsState's walk: calls below `depth` go to `calls`. */
interface OpenFunction {
  depth: number;
  calls: Set<string>;
}

/**
 * Module-level and class-field containers, and the writes functions make to them. With `stores`
 * false only the functions and their calls are collected (see collectPyState).
 */
export function collectJsState(ast: Node, file: string, into: StateFacts, stores = true): void {
  // One pre-order pass: a function's subtree is the run of nodes deeper than it that follows it,
  // so each call's last name goes to every open named function (what jsCallsIn would find for
  // each, in the same order), and `functions` counts the functions around the node.
  const named: OpenFunction[] = [];
  const functions: number[] = [];
  const filled: { fn: FnFacts; calls: Set<string> }[] = [];
  walk(ast, (node, ancestors) => {
    const depth = ancestors.length;
    while (named.length && named[named.length - 1].depth >= depth) named.pop();
    while (functions.length && functions[functions.length - 1] >= depth) functions.pop();
    const type = node.type;
    if (named.length && (type === 'CallExpression' || type === 'NewExpression')) {
      const last = calleeLast(node.callee);
      if (last) for (const open of named) open.calls.add(last);
    }
    if (stores) storeFacts(node, ancestors, functions.length > 0);
    if (isFunction(node)) {
      functions.push(depth);
      functionFacts(node, ancestors, depth);
    }
    return undefined;
  });
  for (const { fn, calls } of filled) fn.calls = [...calls];

  function storeFacts(node: Node, ancestors: readonly Node[], inFunction: boolean) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      const shape = shapeOf(node.init);
      if (shape && !inFunction) into.stores.push({ file, name: node.id.name, line: lineOf(node), column: columnOf(node), shape });
    } else if (node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') {
      const shape = shapeOf(node.value);
      const name = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'PrivateName' ? node.key.id.name : undefined;
      if (shape && name) into.stores.push({ file, name, owner: classNameOf(ancestors, ancestors.length - 1), line: lineOf(node), column: columnOf(node), shape });
    } else if (node.type === 'AssignmentExpression') {
      const left = node.left;
      // Both branches need a member target: the scope is read only then.
      if (left.type !== 'MemberExpression') return;
      const scope = scopeOf(ancestors);
      const object = memberPath(left.object);
      if (object === 'this' && scope.fnName === 'constructor') {
        const shape = shapeOf(node.right);
        const name = left.property.type === 'Identifier' ? left.property.name : undefined;
        if (shape && name) into.stores.push({ file, name, owner: classNameOf(ancestors, ancestors.length - 1), line: lineOf(node), column: columnOf(node), shape });
      } else if (left.computed || (object !== undefined && !object.includes('.')) || object?.startsWith('this.')) {
        record(left.object, '[]=', node, ancestors);
      }
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
      const method = node.callee.property.type === 'Identifier' ? node.callee.property.name : undefined;
      if (method && WRITE_METHODS.has(method)) record(node.callee.object, method, node, ancestors);
      // The path is built only for a property named `assign` (`Object['assign']` too).
      if (memberPropertyName(node.callee) === 'assign' && memberPath(node.callee) === 'Object.assign') record(node.arguments[0], 'assign', node, ancestors);
    }
  }

  function functionFacts(node: Node, ancestors: readonly Node[], depth: number) {
    const name = functionName(node, ancestors[ancestors.length - 1]);
    if (!name) return;
    const owner = node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod' || ancestors[ancestors.length - 1]?.type === 'ClassProperty' ? classNameOf(ancestors, ancestors.length - 1) : undefined;
    const calls = new Set<string>();
    const fn: FnFacts = { file, name, owner, calls: [] };
    into.functions.push(fn);
    filled.push({ fn, calls });
    named.push({ depth, calls });
  }

  function record(target: Node | null | undefined, op: string, at: Node, ancestors: readonly Node[]) {
    if (target?.type === 'MemberExpression' && target.computed) target = target.object; // users[id].push(x)
    const scope = scopeOf(ancestors);
    if (!scope.fnLines.length) return;
    const t = targetOf(target, ancestors);
    if (!t) return;
    into.writes.push({ file, name: t.name, owner: t.owner, line: lineOf(at), column: columnOf(at), op, fn: scope.fnName, fnOwner: scope.fnOwner, fnLines: scope.fnLines });
  }
}

/** The last segment of a callee, as jsCallsIn reads it. */
function calleeLast(callee: Node): string | undefined {
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : lastSegment(memberPath(callee));
}

/** Last segments of every call inside a function (what a handler delegates to). */
export function jsCallsIn(fn: Node | undefined): string[] {
  if (!fn) return [];
  const calls = new Set<string>();
  walk(fn, (n) => {
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const last = calleeLast(n.callee as Node);
      if (last) calls.add(last);
    }
    return undefined;
  });
  return [...calls];
}
