import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf } from '../facts.js';
import { isFunction, memberPath, walk, type JsImports } from '../js/index.js';
import { resolveImport } from '../js/resolve-import.js';

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

/** Nest controllers, providers and resolvers: their methods run per request. */
const NEST_CLASS = /^(?:Controller|Injectable|Resolver)$/;
const LIFECYCLE = /^(?:constructor|onModuleInit|onApplicationBootstrap|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown)$/;

/**
 * A call inside some function whose callee (`memberPath`) has at most one dot and whose head can
 * lead somewhere (a module function, `this`, a module instance, an import): the only calls
 * `jsCallsOf` resolves.
 */
interface CallSite {
  head: string;
  member: string | undefined;
  line: number;
}

/** What one walk of a module tells about its functions and the calls in them. */
export interface JsCallIndex {
  callables: JsCallables;
  /** Methods of Nest controllers/providers/resolvers (request-path seeds), in source order. */
  nestMethods: Node[];
  /** Same answer as `jsCallsOf(fn, …)`, read from the one walk (and kept per function). */
  callsOf(fn: Node): JsCallsOut;
}

/**
 * The module's callables, Nest methods and every function's calls in one walk: a function's calls
 * are a contiguous run of the walk's call sites (pre-order), so each function is resolved from its
 * run instead of being walked again (every named function was walked at least once per file).
 */
export function jsCallIndex(file: ParsedFile<'js'>, inventory: Inventory): JsCallIndex {
  const imports = jsImportsOf(file);
  const { callables, instanceOf } = topLevelCallables(file.model.ast.program);
  const nestMethods: Node[] = [];
  const classes = new Set<string>();
  const sites: CallSite[] = [];
  const starts = new Map<Node, number>();
  const ends = new Map<Node, number>();
  // Functions the walk is inside, with their depth (the ancestors' count when entered).
  const openFns: Node[] = [];
  const openDepths: number[] = [];
  walk(file.model.ast, (node, ancestors) => {
    const depth = ancestors.length;
    while (openDepths.length && openDepths[openDepths.length - 1] >= depth) {
      openDepths.pop();
      ends.set(openFns.pop()!, sites.length);
    }
    const type = node.type;
    if (type === 'CallExpression' || type === 'NewExpression') {
      if (openFns.length) {
        const site = callSite(node, callables, instanceOf, imports);
        if (site) sites.push(site);
      }
    } else if (isFunction(node)) {
      openFns.push(node);
      openDepths.push(depth);
      starts.set(node, sites.length);
    } else if (type === 'ClassDeclaration' || type === 'ClassExpression') {
      const name = node.id?.name ?? '';
      classes.add(name);
      for (const m of node.body.body) {
        if (m.type !== 'ClassMethod' || m.key.type !== 'Identifier') continue;
        callables.fns.set(`${name}.${m.key.name}`, m);
        callables.classOf.set(m, name);
      }
      if (node.decorators?.some((d) => NEST_CLASS.test(memberPath(d.expression.type === 'CallExpression' ? d.expression.callee : d.expression) ?? ''))) {
        for (const m of node.body.body) {
          if (m.type === 'ClassMethod' && m.key.type === 'Identifier' && m.kind === 'method' && !m.static && !LIFECYCLE.test(m.key.name)) nestMethods.push(m);
        }
      }
    }
    return undefined;
  });
  while (openFns.length) ends.set(openFns.pop()!, sites.length);
  for (const [variable, cls] of instanceOf) if (classes.has(cls)) callables.instances.set(variable, cls);

  const importTargets = new Map<string, string | null>();
  /** `path#name` of an imported name's module when it is a scanned file, else null. */
  const importedPath = (head: string): string | null => {
    let path = importTargets.get(head);
    if (path === undefined) {
      const binding = imports.get(head);
      importTargets.set(head, (path = (binding && resolveImport(file.path, binding.source, inventory)) || null));
    }
    return path;
  };
  const resolved = new Map<Node, JsCallsOut>();
  const callsOf = (fn: Node): JsCallsOut => {
    let out = resolved.get(fn);
    if (out) return out;
    const start = starts.get(fn);
    // A function of another tree (never the case for this module's routes and callables).
    if (start === undefined) out = jsCallsOf(fn, file, inventory, callables);
    else {
      out = { local: [], imported: [] };
      const cls = callables.classOf.get(fn);
      const { fns, instances } = callables;
      for (let i = start, end = ends.get(fn)!; i < end; i++) {
        const { head, member, line } = sites[i];
        if (member === undefined && fns.has(head)) out.local.push(fns.get(head)!);
        else if (head === 'this' && member !== undefined && cls && fns.has(`${cls}.${member}`)) out.local.push(fns.get(`${cls}.${member}`)!);
        else if (member !== undefined && instances.has(head)) {
          const method = fns.get(`${instances.get(head)}.${member}`);
          if (method) out.local.push(method);
        } else {
          const path = importedPath(head);
          if (path) {
            const binding = imports.get(head)!;
            const name = binding.imported === '*' ? (member ?? 'default') : member === undefined ? binding.imported : `${binding.imported}.${member}`;
            out.imported.push({ target: `${path}#${name}`, line });
          }
        }
      }
    }
    resolved.set(fn, out);
    return out;
  };
  return { callables, nestMethods, callsOf };
}

/**
 * A call `jsCallsOf` can resolve, else undefined. Sound to drop the rest: a one-segment callee
 * resolves only to a module function (class methods are keyed `Class.method`, all known before
 * the walk except those) or an import; a two-segment one only through `this`, a module instance
 * (`instanceOf` is a superset of `instances`) or an import.
 */
function callSite(node: Node & { type: 'CallExpression' | 'NewExpression' }, callables: JsCallables, instanceOf: ReadonlyMap<string, string>, imports: JsImports): CallSite | undefined {
  const callee = memberPath(node.callee);
  if (!callee) return undefined;
  const dot = callee.indexOf('.');
  if (dot < 0) {
    if (!callables.fns.has(callee) && !imports.has(callee)) return undefined;
    return { head: callee, member: undefined, line: node.loc?.start.line ?? 1 };
  }
  if (callee.indexOf('.', dot + 1) >= 0) return undefined;
  const head = callee.slice(0, dot);
  if (head !== 'this' && !instanceOf.has(head) && !imports.has(head)) return undefined;
  return { head, member: callee.slice(dot + 1), line: node.loc?.start.line ?? 1 };
}

/** Module functions, default/named export aliases and module-level instances (classes are found by the walk). */
function topLevelCallables(program: Node & { type: 'Program' }): { callables: JsCallables; instanceOf: Map<string, string> } {
  const out: JsCallables = { fns: new Map(), classOf: new Map(), instances: new Map(), exports: new Map() };
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
  return { callables: out, instanceOf };
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
