import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import type { JsModel } from '../../parsers/js.js';
import { jsImportsOf } from '../facts.js';
import { isFunction, topLevelStatements } from '../js/ast.js';
import { resolveRelative, type JsImports } from '../js/imports.js';
import { memberPath } from '../js/names.js';
import { envRead } from '../js/values.js';
import type { Sym, SymLookup, SymTable } from './sym.js';
import { Memo } from '../memo.js';

/** How a JS name resolves into table keys: `src/config.ts#config.cors.origin`. */
export interface JsNameContext {
  path: string;
  imports: JsImports;
  has: (path: string) => boolean;
}

export function jsQualifiedName(written: string, ctx: JsNameContext): string {
  const dot = written.indexOf('.');
  const head = dot < 0 ? written : written.slice(0, dot);
  const rest = dot < 0 ? '' : written.slice(dot);
  const binding = ctx.imports.get(head);
  if (binding) {
    const target = binding.source.startsWith('.') ? resolveRelative(ctx.path, binding.source, ctx.has) : undefined;
    const base = target ?? `module:${binding.source}`;
    return `${base}#${binding.imported}${rest}`;
  }
  return `${ctx.path}#${written}`;
}

/**
 * The symbolic value of a JS expression. `fnValue` lets a caller classify function values
 * (an inline `origin` callback) while their AST is alive.
 */
export function jsSymOf(node: Node | null | undefined, ctx: JsNameContext, fnValue?: (fn: Node) => Sym, depth = 0): Sym {
  if (!node || depth > 20) return { k: 'unknown', text: '' };
  const env = envRead(node);
  if (env) return { k: 'env', name: env.name, fallback: env.fallback ? jsSymOf(env.fallback, ctx, fnValue, depth + 1) : undefined };
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return { k: 'lit', v: node.value };
    case 'NullLiteral':
      return { k: 'lit', v: null };
    case 'RegExpLiteral':
      // `/.*/` allows every origin; other patterns are allow-lists.
      return /^\^?\.[*+]\$?$/.test(node.pattern) ? { k: 'reflect', text: `/${node.pattern}/` } : { k: 'unknown', text: `/${node.pattern}/` };
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? { k: 'lit', v: node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('') } : { k: 'unknown', text: 'template' };
    case 'ArrayExpression':
      return { k: 'list', items: node.elements.filter((e): e is NonNullable<typeof e> => !!e && e.type !== 'SpreadElement').map((e) => jsSymOf(e, ctx, fnValue, depth + 1)) };
    case 'ObjectExpression': {
      const entries: Record<string, Sym> = {};
      for (const p of node.properties) {
        if (p.type === 'SpreadElement') continue;
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
        if (!key) continue;
        entries[key] = p.type === 'ObjectMethod' ? (fnValue ? fnValue(p) : { k: 'unknown', text: 'function' }) : jsSymOf(p.value as Node, ctx, fnValue, depth + 1);
      }
      return { k: 'dict', entries };
    }
    case 'Identifier':
      if (node.name === 'undefined') return { k: 'lit', v: null };
      return { k: 'ref', name: jsQualifiedName(node.name, ctx) };
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const written = memberPath(node);
      return written ? { k: 'ref', name: jsQualifiedName(written, ctx) } : { k: 'unknown', text: 'member' };
    }
    case 'ConditionalExpression':
      return { k: 'cond', test: source(node.test), then: jsSymOf(node.consequent, ctx, fnValue, depth + 1), else: jsSymOf(node.alternate, ctx, fnValue, depth + 1) };
    case 'LogicalExpression':
      if (node.operator === '||' || node.operator === '??') {
        return { k: 'cond', test: source(node.left), then: jsSymOf(node.left, ctx, fnValue, depth + 1), else: jsSymOf(node.right, ctx, fnValue, depth + 1) };
      }
      return { k: 'unknown', text: '&&' };
    case 'CallExpression': {
      const callee = node.callee;
      if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
        const method = callee.property.name;
        if (method === 'split' && node.arguments[0]?.type === 'StringLiteral') return { k: 'split', of: jsSymOf(callee.object, ctx, fnValue, depth + 1), sep: node.arguments[0].value };
        if (method === 'trim' || method === 'map' && false) return jsSymOf(callee.object, ctx, fnValue, depth + 1);
      }
      const written = memberPath(callee);
      return written ? { k: 'call', fn: jsQualifiedName(written, ctx) } : { k: 'unknown', text: 'call' };
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
    case 'TypeCastExpression':
      return jsSymOf(node.expression, ctx, fnValue, depth + 1);
    default:
      if (isFunction(node)) return fnValue ? fnValue(node) : { k: 'unknown', text: 'function' };
      return { k: 'unknown', text: node.type };
  }
}

function source(node: Node): string {
  return memberPath(node) ?? node.type;
}

/** Module-level bindings and exports of one JS/TS file as table entries. */
export function jsModuleTable(file: ParsedFile<'js'>, has: (p: string) => boolean): SymTable {
  const ctx: JsNameContext = { path: file.path, imports: jsImportsOf(file), has };
  const table: SymTable = new Map();
  const key = (name: string) => `${file.path}#${name}`;
  const program = file.model.ast.program;
  for (const statement of topLevelStatements(program)) {
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) if (d.id.type === 'Identifier' && d.init) table.set(key(d.id.name), jsSymOf(d.init, ctx));
    }
    if (statement.type === 'FunctionDeclaration' && statement.id) {
      const ret = statement.body.body.find((s) => s.type === 'ReturnStatement');
      if (ret?.type === 'ReturnStatement' && ret.argument) table.set(key(statement.id.name), { k: 'fn', returns: jsSymOf(ret.argument, ctx) });
    }
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const left = memberPath(statement.expression.left);
      if (left === 'module.exports') table.set(key('default'), jsSymOf(statement.expression.right, ctx));
      const named = left && /^(?:module\.)?exports\.(\w+)$/.exec(left);
      if (named) table.set(key(named[1]), jsSymOf(statement.expression.right, ctx));
    }
  }
  for (const s of program.body) {
    if (s.type === 'ExportDefaultDeclaration' && s.declaration.type !== 'FunctionDeclaration' && s.declaration.type !== 'ClassDeclaration' && !s.declaration.type.startsWith('TS')) {
      table.set(key('default'), jsSymOf(s.declaration as Node, ctx));
    }
    if (s.type === 'ExportNamedDeclaration' && !s.source) {
      for (const spec of s.specifiers) {
        if (spec.type !== 'ExportSpecifier') continue;
        const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
        if (exported !== spec.local.name) table.set(key(exported), { k: 'ref', name: key(spec.local.name) });
      }
    }
  }
  // Imports as refs, so `export { x } from './y'`-style chains and re-exported config resolve.
  for (const [local] of ctx.imports) if (!table.has(key(local))) table.set(key(local), { k: 'ref', name: jsQualifiedName(local, ctx) });
  return table;
}

const tables = new Memo<JsModel, SymTable>();

/**
 * Collects every JS module's table for resolution in `done()`. `table` answers a name on demand
 * (every key of a module starts with `path#`) instead of copying each entry: the value is that of
 * the last added module holding the name, as copying in `add` order would have left it.
 */
export class JsConstants {
  readonly table: JsConstantsTable = new JsConstantsTable();

  add(file: ParsedFile<'js'>, inventory: Inventory): void {
    let own = tables.get(file.model);
    if (!own) {
      own = jsModuleTable(file, (p) => inventory.has(p));
      tables.set(file.model, own);
    }
    this.table.addModule(file.path, own);
  }
}

export class JsConstantsTable implements SymLookup {
  private readonly modules: SymTable[] = [];
  /** Module path → indexes of its tables in `modules`, in `add` order. */
  private readonly byPath = new Map<string, number[]>();

  addModule(path: string, own: SymTable): void {
    const list = this.byPath.get(path);
    if (list) list.push(this.modules.length);
    else this.byPath.set(path, [this.modules.length]);
    this.modules.push(own);
  }

  get(name: string): Sym | undefined {
    let last = -1;
    for (let hash = name.indexOf('#'); hash !== -1; hash = name.indexOf('#', hash + 1)) {
      const list = this.byPath.get(name.slice(0, hash));
      if (!list) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] <= last) break;
        if (this.modules[list[i]].has(name)) {
          last = list[i];
          break;
        }
      }
    }
    return last === -1 ? undefined : this.modules[last].get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}
