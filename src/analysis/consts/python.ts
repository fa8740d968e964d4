import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import type { PythonModel } from '../../parsers/python.js';
import { pyImportsOf } from '../facts.js';
import { dottedName, enclosingFunction, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import { absoluteModule, moduleNameOf, qualify, type ImportMap } from '../python/imports.js';
import { isInterpolatedString, stringValue } from '../python/values.js';
import type { Sym, SymLookup, SymTable } from './sym.js';
import { Memo } from '../memo.js';

/** A dotted name as written, qualified through imports and made absolute (relative imports). */
export function pyQualifiedName(written: string, imports: ImportMap, path: string): string {
  const head = written.split('.')[0];
  if (!imports.has(head)) return `${moduleNameOf(path)}.${written}`;
  const q = qualify(written, imports) ?? written;
  return q.startsWith('.') ? absoluteModule(q, path) : q;
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'decouple.config', 'environ.get']);

/** The symbolic value of a Python expression (see sym.ts). */
export function pySymOf(node: PyNode | null | undefined, imports: ImportMap, path: string, depth = 0): Sym {
  if (!node || depth > 20) return { k: 'unknown', text: '' };
  // A local of the enclosing function (`origins = ["*"] if DEBUG else …`) is followed first.
  if (node.type === 'identifier') {
    const local = localAssignment(node);
    if (local) return pySymOf(local, imports, path, depth + 1);
  }
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(node);
      return v === undefined || isInterpolatedString(node) ? { k: 'unknown', text: node.text } : { k: 'lit', v };
    }
    case 'integer':
    case 'float':
      return { k: 'lit', v: Number(node.text.replace(/_/g, '')) };
    case 'true':
      return { k: 'lit', v: true };
    case 'false':
      return { k: 'lit', v: false };
    case 'none':
      return { k: 'lit', v: null };
    case 'parenthesized_expression':
      return pySymOf(node.namedChild(0), imports, path, depth + 1);
    case 'list':
    case 'tuple':
    case 'set':
      return { k: 'list', items: node.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment').map((c) => pySymOf(c, imports, path, depth + 1)) };
    case 'dictionary': {
      const entries: Record<string, Sym> = {};
      for (const pair of node.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const key = stringValue(pair.childForFieldName('key'));
        if (key !== undefined) entries[key] = pySymOf(pair.childForFieldName('value'), imports, path, depth + 1);
      }
      return { k: 'dict', entries };
    }
    case 'identifier':
    case 'attribute': {
      const written = dottedName(node);
      if (!written) return { k: 'unknown', text: node.text };
      if (written === 'os.environ' || qualify(written, imports) === 'os.environ') return { k: 'unknown', text: 'os.environ' };
      return { k: 'ref', name: pyQualifiedName(written, imports, path) };
    }
    case 'conditional_expression': {
      const [then, test, other] = node.namedChildren;
      return { k: 'cond', test: test?.text ?? '?', then: pySymOf(then, imports, path, depth + 1), else: pySymOf(other, imports, path, depth + 1) };
    }
    case 'boolean_operator': {
      // `os.getenv("X") or "*"` behaves like a default.
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (node.childForFieldName('operator')?.text === 'or' || / or /.test(node.text)) {
        const l = pySymOf(left, imports, path, depth + 1);
        if (l.k === 'env' && !l.fallback) return { ...l, fallback: pySymOf(right, imports, path, depth + 1) };
        return { k: 'cond', test: left?.text ?? '?', then: l, else: pySymOf(right, imports, path, depth + 1) };
      }
      return { k: 'unknown', text: node.text };
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      if (value && qualify(dottedName(value), imports) === 'os.environ') {
        const key = stringValue(node.childForFieldName('subscript'));
        if (key) return { k: 'env', name: key };
      }
      return { k: 'unknown', text: node.text };
    }
    case 'call':
      return callSym(node, imports, path, depth);
    default:
      return { k: 'unknown', text: node.text.slice(0, 80) };
  }
}

/** The value last assigned to an identifier earlier in its enclosing function, if any. */
export function localAssignment(id: PyNode): PyNode | undefined {
  const fn = enclosingFunction(id);
  if (!fn) return undefined;
  let value: PyNode | undefined;
  walk(fn, (n) => {
    if (n.startIndex >= id.startIndex) return false;
    if (n.type === 'assignment' && n.childForFieldName('left')?.type === 'identifier' && n.childForFieldName('left')?.text === id.text) {
      value = n.childForFieldName('right') ?? undefined;
    }
    return undefined;
  });
  return value;
}

function callSym(node: PyNode, imports: ImportMap, path: string, depth: number): Sym {
  const call = callInfo(node, imports);
  const name = call.name ?? '';
  const fn = node.childForFieldName('function');
  // `"a,b".split(",")`, `os.getenv("X", "*").split(",")`
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'split') {
    const sep = stringValue(call.args[0]) ?? ' ';
    return { k: 'split', of: pySymOf(fn.childForFieldName('object'), imports, path, depth + 1), sep };
  }
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'strip') {
    return pySymOf(fn.childForFieldName('object'), imports, path, depth + 1);
  }
  const last = lastSegment(name);
  if (ENV_GETTERS.has(name) || (last && /^(?:env|config|getenv)$/.test(name)) || /^environ\.Env\b|\benv\.(?:str|list|bool)$/.test(name)) {
    const key = stringValue(call.args[0]);
    if (key) {
      const fallback = call.args[1] ?? call.kwargs.get('default');
      return { k: 'env', name: key, fallback: fallback ? pySymOf(fallback, imports, path, depth + 1) : undefined };
    }
  }
  // pydantic `Field(default=…)` / `Field("*")`; `list(x)`, `str(x)`, `tuple(x)`.
  if (last === 'Field' && (call.args[0] || call.kwargs.get('default'))) {
    return pySymOf(call.kwargs.get('default') ?? call.args[0], imports, path, depth + 1);
  }
  if ((name === 'list' || name === 'str' || name === 'tuple' || name === 'bool') && call.args[0]) {
    return pySymOf(call.args[0], imports, path, depth + 1);
  }
  const written = dottedName(fn);
  if (written) return { k: 'call', fn: pyQualifiedName(written, imports, path) };
  return { k: 'unknown', text: node.text.slice(0, 80) };
}

/**
 * Module-level names of one module as qualified table entries: imports (as refs, so re-exports
 * resolve), assignments (module-level `if` reassignments become conditions), classes and their
 * attributes (pydantic `Settings`), and functions that just `return X(...)` (`get_settings`).
 */
export function pyModuleTable(root: PyNode, imports: ImportMap, path: string): SymTable {
  const mod = moduleNameOf(path);
  const table: SymTable = new Map();
  for (const [alias, target] of imports) {
    if (alias === target) continue;
    table.set(`${mod}.${alias}`, { k: 'ref', name: target.startsWith('.') ? absoluteModule(target, path) : target });
  }
  const assign = (key: string, value: Sym, guard?: string) => {
    const prev = table.get(key);
    table.set(key, guard ? { k: 'cond', test: guard, then: value, else: prev ?? { k: 'unknown', text: key } } : value);
  };
  const visitBlock = (block: PyNode, prefix: string, guard?: string) => {
    // Children with the unnamed ones skipped: `namedChildren` would copy every block's list.
    for (const statement of block.children) {
      if (!statement?.isNamed) continue;
      if (statement.type === 'expression_statement') {
        const a = firstNamedChild(statement);
        if (a?.type !== 'assignment') continue;
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        if (left?.type === 'identifier' && right) assign(`${prefix}.${left.text}`, pySymOf(right, imports, path), guard);
      } else if (statement.type === 'if_statement' && prefix === mod) {
        const test = statement.childForFieldName('condition')?.text ?? '?';
        const body = statement.childForFieldName('consequence');
        if (body) visitBlock(body, prefix, test);
        for (const alt of statement.childrenForFieldName('alternative')) {
          const altBody = alt?.childForFieldName('body') ?? alt?.childForFieldName('consequence');
          if (altBody) visitBlock(altBody, prefix, `not ${test}`);
        }
      } else if (statement.type === 'try_statement' && prefix === mod) {
        const body = statement.childForFieldName('body');
        if (body) visitBlock(body, prefix, guard);
      } else if (statement.type === 'class_definition' || (statement.type === 'decorated_definition' && statement.childForFieldName('definition')?.type === 'class_definition')) {
        const cls = statement.type === 'class_definition' ? statement : statement.childForFieldName('definition')!;
        const name = cls.childForFieldName('name')?.text;
        const body = cls.childForFieldName('body');
        if (name && body && prefix === mod) {
          table.set(`${mod}.${name}`, { k: 'class' });
          visitBlock(body, `${mod}.${name}`);
        }
      } else if (statement.type === 'function_definition' || (statement.type === 'decorated_definition' && statement.childForFieldName('definition')?.type === 'function_definition')) {
        // Only module-level functions make entries: methods are not read.
        if (prefix !== mod) continue;
        const fn = statement.type === 'function_definition' ? statement : statement.childForFieldName('definition')!;
        const name = fn.childForFieldName('name')?.text;
        const ret = name ? soleReturnValue(fn.childForFieldName('body')) : undefined;
        if (name && ret) table.set(`${mod}.${name}`, { k: 'fn', returns: pySymOf(ret, imports, path) });
      }
    }
  };
  visitBlock(root, mod);
  return table;
}

/** `return X` when it is a body's one statement besides comments and expression statements. */
function soleReturnValue(body: PyNode | null): PyNode | null | undefined {
  let only: PyNode | undefined;
  for (const s of body?.children ?? []) {
    if (!s.isNamed || s.type === 'comment' || s.type === 'expression_statement') continue;
    if (only) return undefined;
    only = s;
  }
  return only?.type === 'return_statement' ? only.namedChild(0) : undefined;
}

function firstNamedChild(node: PyNode): PyNode | undefined {
  for (const child of node.children) if (child.isNamed) return child;
  return undefined;
}

const tables = new Memo<PythonModel, SymTable>();

/** The module's table, cached per parsed file (plain data: safe to keep after the visitor). */
export function pyModuleTableOf(file: ParsedFile<'python'>): SymTable {
  let t = tables.get(file.model);
  if (!t) {
    t = pyModuleTable(file.model.root, pyImportsOf(file), file.path);
    tables.set(file.model, t);
  }
  return t;
}

/**
 * Collects the tables of every Python module seen, so a rule can resolve names in `done()`.
 * Modules are also registered under their path without leading source folders (`src/app/x.py`
 * is importable as `app.x`).
 *
 * `table` answers a name on demand instead of copying every entry under every alias (a rule asks
 * about a few names; a scan holds thousands of entries). It answers what copying in `add` order
 * would have left: for each module and own key, under its module name always (a later module
 * overwrites), under a shorter alias only if the name was not set yet. So a name's value is the
 * last module-name write if any, else the first alias write.
 */
export class PyConstants {
  readonly table: PyConstantsTable = new PyConstantsTable();

  add(file: ParsedFile<'python'>): void {
    const own = pyModuleTableOf(file);
    const mod = moduleNameOf(file.path);
    // The name without its first and without its first two parts, when it has that many.
    const aliases = [mod];
    const first = mod.indexOf('.');
    if (first >= 0) {
      aliases.push(mod.slice(first + 1));
      const second = mod.indexOf('.', first + 1);
      if (second >= 0) aliases.push(mod.slice(second + 1));
    }
    this.table.addModule(mod, aliases, own);
  }

  /** This table under another one (`new Map([...this.table, ...over])` as a view): `over` wins. */
  layeredUnder(over: SymLookup): SymLookup {
    return { get: (name) => over.get(name) ?? this.table.get(name), has: (name) => over.has(name) || this.table.has(name) };
  }
}

interface PyModuleRecord {
  mod: string;
  own: SymTable;
  /** Position of each own key in `own`, built only to order two writes of one module. */
  order?: Map<string, number>;
}

export class PyConstantsTable implements SymLookup {
  private readonly modules: PyModuleRecord[] = [];
  /** Alias (module name or shorter) → the modules registered under it, in `add` order. */
  private readonly byAlias = new Map<string, { index: number; alias: number }[]>();
  private readonly answers = new Map<string, Sym | undefined>();

  addModule(mod: string, aliases: string[], own: SymTable): void {
    const index = this.modules.length;
    this.modules.push({ mod, own });
    aliases.forEach((alias, i) => {
      const list = this.byAlias.get(alias);
      if (list) list.push({ index, alias: i });
      else this.byAlias.set(alias, [{ index, alias: i }]);
    });
    if (this.answers.size) this.answers.clear();
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): Sym | undefined {
    if (this.answers.has(name)) return this.answers.get(name);
    const value = this.compute(name);
    this.answers.set(name, value);
    return value;
  }

  private compute(name: string): Sym | undefined {
    // Module-name writes: the last module whose own table has `name` (own keys start with the module name).
    let lastOwn = -1;
    // Alias writes: the first by (module, own key position, alias position).
    let first: { index: number; key: string; alias: number; value: Sym } | undefined;
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const list = this.byAlias.get(name.slice(0, dot));
      if (!list) continue;
      const rest = name.slice(dot);
      for (const { index, alias } of list) {
        const record = this.modules[index];
        const key = record.mod + rest;
        const value = record.own.get(key);
        if (value === undefined) continue;
        if (alias === 0) {
          if (index > lastOwn) lastOwn = index;
        } else if (!first || index < first.index) {
          first = { index, key, alias, value };
        } else if (index === first.index) {
          // Two aliases of one module: `add` wrote own keys in order, each under its aliases in order.
          const a = this.positionOf(record, key);
          const b = this.positionOf(record, first.key);
          if (a < b || (a === b && alias < first.alias)) first = { index, key, alias, value };
        }
      }
    }
    if (lastOwn >= 0) return this.modules[lastOwn].own.get(name);
    return first?.value;
  }

  private positionOf(record: PyModuleRecord, key: string): number {
    if (!record.order) {
      record.order = new Map();
      let i = 0;
      for (const k of record.own.keys()) record.order.set(k, i++);
    }
    return record.order.get(key) ?? 0;
  }
}
