import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf } from '../facts.js';
import { isFunction, memberPath, walk } from '../js/index.js';
import { resolveImport } from '../js/resolve-import.js';
import { Memo } from '../memo.js';

/**
 * The named functions of a JS/TS module, for following calls: module functions (`connect`),
 * class methods (`Cache.get`), methods reached through a module-level instance
 * (`export const cache = new Cache()` makes `cache.get` → `Cache.get`) and export aliases
 * (`default`, `export { connect as open }`).
 */
export interface JsCallables {
  fns: Map<string, Node>;
  classOf: Map<Node, string>;
  /** Module-level `const x = new Class()` of a class declared here: `x` → `Class`. */
  instances: Map<string, string>;
  /** Exported name → local name. */
  exports: Map<string, string>;
}

const cache = new Memo<Node, JsCallables>();

export function jsCallables(file: ParsedFile<'js'>): JsCallables {
  const program = file.model.ast.program;
  let out = cache.get(program);
  if (out) return out;
  out = { fns: new Map(), classOf: new Map(), instances: new Map(), exports: new Map() };
  const instanceOf = new Map<string, string>();
  for (let s of program.body as Node[]) {
    if (s.type === 'ExportDefaultDeclaration') {
      const d = s.declaration as Node;
      if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) out.exports.set('default', d.id.name);
      else if (d.type === 'Identifier') out.exports.set('default', d.name);
      else if (isFunction(d)) out.fns.set('default', d);
      else if (d.type === 'NewExpression' && d.callee.type === 'Identifier') instanceOf.set('default', d.callee.name);
      s = d;
    }
    if (s.type === 'ExportNamedDeclaration') {
      for (const spec of s.specifiers) {
        if (spec.type === 'ExportSpecifier' && !s.source) out.exports.set(spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value, spec.local.name);
      }
      if (!s.declaration) continue;
      s = s.declaration;
    }
    if (s.type === 'FunctionDeclaration' && s.id) out.fns.set(s.id.name, s);
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier' || !d.init) continue;
        if (isFunction(d.init)) out.fns.set(d.id.name, d.init);
        else if (d.init.type === 'NewExpression' && d.init.callee.type === 'Identifier') instanceOf.set(d.id.name, d.init.callee.name);
      }
    }
  }
  const classes = new Set<string>();
  walk(program, (node) => {
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return undefined;
    const name = node.id?.name ?? '';
    classes.add(name);
    for (const m of node.body.body) {
      if (m.type !== 'ClassMethod' || m.key.type !== 'Identifier') continue;
      out!.fns.set(`${name}.${m.key.name}`, m);
      out!.classOf.set(m, name);
    }
    return undefined;
  });
  for (const [variable, cls] of instanceOf) if (classes.has(cls)) out.instances.set(variable, cls);
  cache.set(program, out);
  return out;
}

/** The function an exported name (`getCached`, `cache.get`, `default.get`) stands for here. */
export function lookupCallable(callables: JsCallables, name: string): Node | undefined {
  const [head, ...rest] = name.split('.');
  const local = callables.exports.get(head) ?? head;
  if (!rest.length) return callables.fns.get(local);
  const cls = callables.instances.get(local) ?? callables.instances.get(head) ?? local;
  return callables.fns.get(`${cls}.${rest.join('.')}`);
}

export interface JsCallsOut {
  /** Functions of the same module the body calls. */
  local: Node[];
  /** Calls into other scanned modules: `src/lib/cache.ts#getCached`, `src/lib/client.ts#client.chat`. */
  imported: { target: string; line: number }[];
}

/** Where the calls in one function lead: to functions of this module or of other scanned modules. */
export function jsCallsOf(fn: Node, file: ParsedFile<'js'>, inventory: Inventory, callables: JsCallables): JsCallsOut {
  const imports = jsImportsOf(file);
  const cls = callables.classOf.get(fn);
  const out: JsCallsOut = { local: [], imported: [] };
  walk(fn, (n) => {
    if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return undefined;
    const callee = memberPath(n.callee);
    if (!callee) return undefined;
    const [head, ...rest] = callee.split('.');
    if (!rest.length && callables.fns.has(head)) out.local.push(callables.fns.get(head)!);
    else if (head === 'this' && rest.length === 1 && cls && callables.fns.has(`${cls}.${rest[0]}`)) out.local.push(callables.fns.get(`${cls}.${rest[0]}`)!);
    else if (rest.length === 1 && callables.instances.has(head)) {
      const method = callables.fns.get(`${callables.instances.get(head)}.${rest[0]}`);
      if (method) out.local.push(method);
    } else if (rest.length <= 1) {
      const binding = imports.get(head);
      const path = binding ? resolveImport(file.path, binding.source, inventory) : undefined;
      if (binding && path) {
        const name = binding.imported === '*' ? (rest[0] ?? 'default') : [binding.imported, ...rest].join('.');
        out.imported.push({ target: `${path}#${name}`, line: n.loc?.start.line ?? 1 });
      }
    }
    return undefined;
  });
  return out;
}
