import type { Node } from '@babel/types';
import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import type { JsModel } from '../../parsers/js.js';
import { jsImportsOf } from '../facts.js';
import { calleeName, columnOf, isFunction, lineOf, memberPath, walk, type JsImports } from '../js/index.js';
import { JS_PERSISTENCE, PERSISTENT_ATTRIBUTE, type ClassFact, type ContainerFact, type ContainerKind, type StateFacts } from './containers.js';
import { Memo } from '../memo.js';

const GROWTH_METHODS = new Set(['push', 'unshift', 'set', 'add']);
const REMOVAL_METHODS = new Set(['shift', 'pop', 'delete']);
const TRIM_METHODS = new Set(['splice', 'clear']);
const COMPARISONS = new Set(['>', '>=', '<', '<=', '===', '==', '!==', '!=']);

const cache = new Memo<JsModel, StateFacts>();

/** Long-lived containers of a JS/TS module, how they grow and whether anything bounds them. */
export function jsStateFacts(file: ParsedFile<'js'>, _inventory?: Inventory): StateFacts {
  let facts = cache.get(file.model);
  if (!facts) {
    facts = extract(file.model.ast, jsImportsOf(file));
    cache.set(file.model, facts);
  }
  return facts;
}

interface Draft extends ContainerFact {
  capCheck: boolean;
  trimmed: boolean;
  removal: boolean;
}

type ClassNode = Extract<Node, { type: 'ClassDeclaration' | 'ClassExpression' }>;

function extract(ast: Node, imports: JsImports): StateFacts {
  const drafts = new Map<string, Draft>();
  const classes = new Map<string, ClassFact>();
  const instantiated = new Set<string>();
  const moduleNames = new Set<string>();
  let persistence = false;
  for (const b of imports.values()) if (JS_PERSISTENCE.test(b.source)) persistence = true;
  const program = ast.type === 'File' ? ast.program : ast;

  // Pass 1: declarations, classes, long-lived instances.
  walk(ast, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (node.type === 'VariableDeclaration' && (parent === program || (parent?.type === 'ExportNamedDeclaration' && ancestors[ancestors.length - 2] === program))) {
      for (const d of node.declarations) {
        if (d.id.type !== 'Identifier') continue;
        moduleNames.add(d.id.name);
        const kind = d.init ? containerKind(d.init) : undefined;
        if (kind) add(d.id.name, undefined, 'module', d, kind);
      }
    }
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') classDeclaration(node, ancestors);
    if (node.type === 'NewExpression') longLivedInstance(node, ancestors);
    return undefined;
  });

  // Pass 2: every use of a declared container inside a function or method. Every lookup in
  // refAt() is into `drafts`: with none there is nothing to find.
  const ownedNames = new Set<string>();
  for (const d of drafts.values()) if (d.owner) ownedNames.add(d.name);
  if (drafts.size) walk(ast, (node, ancestors) => {
    const draft = refAt(node, ancestors);
    if (draft) use(node, ancestors, draft);
    return undefined;
  });

  const containers: ContainerFact[] = [];
  for (const d of drafts.values()) {
    const arrayLike = d.kind === 'array';
    const bounded = d.capCheck || d.trimmed || (!arrayLike && d.removal);
    const { capCheck: _c, trimmed: _t, removal: _r, ...plain } = d;
    containers.push({ ...plain, bounded });
  }
  return { containers, classes: [...classes.values()], instantiated: [...instantiated], persistence };

  function add(name: string, owner: string | undefined, scope: ContainerFact['scope'], node: Node, kind: ContainerKind) {
    const key = owner ? `${owner}.${name}` : name;
    if (drafts.has(key)) return;
    drafts.set(key, { name, owner, scope, kind, line: lineOf(node), column: columnOf(node), growthCount: 0, bounded: false, capCheck: false, trimmed: false, removal: false });
  }

  function containerKind(init: Node): ContainerKind | undefined {
    let node = init;
    while (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'ParenthesizedExpression') node = node.expression;
    if (node.type === 'ArrayExpression') return 'array';
    if (node.type === 'ObjectExpression' && node.properties.length === 0) return 'object';
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier') {
      if (node.callee.name === 'Map') return 'map';
      if (node.callee.name === 'Set') return 'set';
      if (node.callee.name === 'Array') return 'array';
    }
    return undefined;
  }

  function classDeclaration(node: ClassNode, ancestors: readonly Node[]) {
    const name = node.id?.name ?? declaredName(ancestors);
    if (!name) return;
    const decorators = (node.decorators ?? []).map((d) => memberPath(d.expression.type === 'CallExpression' ? d.expression.callee : d.expression) ?? '');
    const fact: ClassFact = { name, line: lineOf(node), longLived: decorators.some((d) => /^(?:Injectable|Controller|Service|Singleton)$/.test(d)), persistence: false };
    classes.set(name, fact);
    for (const member of node.body.body) {
      const key = 'key' in member && member.key.type === 'Identifier' ? member.key.name : member.type === 'ClassPrivateProperty' ? `#${member.key.id.name}` : undefined;
      if (!key) continue;
      if ('static' in member && member.static && /^(?:instance|_instance|singleton|getInstance)$/.test(key)) fact.longLived = true;
      if (PERSISTENT_ATTRIBUTE.test(key.replace(/^#/, ''))) fact.persistence = true;
      if ((member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty') && member.value) {
        const kind = containerKind(member.value);
        if (kind) add(key, name, member.static ? 'class' : 'instance', member, kind);
      }
      if (member.type === 'ClassMethod' && member.kind === 'constructor') {
        for (const p of member.params) {
          const id = p.type === 'TSParameterProperty' ? p.parameter : p;
          if (id.type === 'Identifier' && PERSISTENT_ATTRIBUTE.test(id.name)) fact.persistence = true;
        }
        walk(member.body, (n) => {
          if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression') {
            const attr = memberPath(n.left)?.slice(5);
            if (!attr) return undefined;
            if (PERSISTENT_ATTRIBUTE.test(attr)) fact.persistence = true;
            const kind = containerKind(n.right);
            if (kind) add(attr, name, 'instance', n, kind);
          }
          return undefined;
        });
      }
    }
  }

  function longLivedInstance(node: Extract<Node, { type: 'NewExpression' }>, ancestors: readonly Node[]) {
    const name = calleeName(node, imports);
    const cls = name?.slice(name.lastIndexOf('.') + 1);
    if (!cls || !/^[A-Z]/.test(cls) || cls === 'Map' || cls === 'Set') return;
    if (!ancestors.some((a) => isFunction(a))) {
      instantiated.add(cls);
      return;
    }
    // A lazy singleton: `instance ??= new X()`, `globalThis.x = new X()`, `X.instance = new X()`.
    const parent = ancestors[ancestors.length - 1];
    if (parent?.type === 'AssignmentExpression') {
      const target = memberPath(parent.left) ?? '';
      if (/^(?:globalThis|global|window)\./.test(target) || /\.(?:instance|_instance)$/.test(target) || (parent.left.type === 'Identifier' && moduleNames.has(parent.left.name) && !declaredIn(parent.left.name, ancestors))) instantiated.add(cls);
    }
  }

  /** The container a node names: `x` (module), `this.x`/`this.#x`/`Owner.x` (class). */
  function refAt(node: Node, ancestors: readonly Node[]): Draft | undefined {
    const parent = ancestors[ancestors.length - 1];
    if (node.type === 'Identifier') {
      const d = drafts.get(node.name);
      if (!d || d.scope !== 'module') return undefined;
      if (parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node && !parent.computed) return undefined;
      if (parent && (parent.type === 'ObjectProperty' && parent.key === node && !parent.computed)) return undefined;
      if (parent?.type === 'VariableDeclarator' && parent.id === node) return undefined;
      if (declaredIn(node.name, ancestors)) return undefined;
      return d;
    }
    if (node.type === 'MemberExpression' && !node.computed) {
      // Both lookups below are `${owner}.${property}` keys: only an owned container's name can match.
      const property = node.property;
      if (property.type === 'Identifier' ? !ownedNames.has(property.name) : property.type !== 'PrivateName' || !ownedNames.has(`#${property.id.name}`)) return undefined;
      const path = memberPath(node);
      if (!path) return undefined;
      const dot = path.indexOf('.');
      if (dot < 0 || path.indexOf('.', dot + 1) >= 0) return undefined;
      const head = path.slice(0, dot);
      const attr = path.slice(dot + 1);
      if (head === 'this') {
        const cls = enclosingClassName(ancestors);
        return cls ? drafts.get(`${cls}.${attr}`) : undefined;
      }
      return drafts.get(`${head}.${attr}`);
    }
    return undefined;
  }

  function use(ref: Node, ancestors: readonly Node[], d: Draft) {
    const parent = ancestors[ancestors.length - 1];
    const grand = ancestors[ancestors.length - 2];
    if (!parent) return;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === ref) {
      const prop = parent.computed ? undefined : parent.property.type === 'Identifier' ? parent.property.name : undefined;
      if (prop === 'length' || prop === 'size') {
        if (grand?.type === 'BinaryExpression' && COMPARISONS.has(grand.operator)) {
          const other = grand.left === parent ? grand.right : grand.left;
          if (!(other.type === 'NumericLiteral' && other.value === 0)) d.capCheck = true;
        }
        if (grand?.type === 'AssignmentExpression' && grand.left === parent) d.trimmed = true;
        return;
      }
      const isCall = (grand?.type === 'CallExpression' || grand?.type === 'OptionalCallExpression') && grand.callee === parent;
      if (prop && isCall) {
        if (TRIM_METHODS.has(prop)) d.trimmed = true;
        else if (REMOVAL_METHODS.has(prop)) d.removal = true;
        else if (GROWTH_METHODS.has(prop)) grow(ref, ancestors, d);
        else if (prop === 'get') {
          // `map.get(id).push(x)`: the values grow in place.
          const outer = ancestors[ancestors.length - 3];
          const outerCall = ancestors[ancestors.length - 4];
          if (outer?.type === 'MemberExpression' && outer.property.type === 'Identifier' && (outer.property.name === 'push' || outer.property.name === 'add') && outerCall?.type === 'CallExpression') grow(ref, ancestors, d);
        }
        return;
      }
      if (parent.computed) {
        if (grand?.type === 'AssignmentExpression' && grand.left === parent && d.kind !== 'array') grow(ref, ancestors, d);
        if (grand?.type === 'UnaryExpression' && grand.operator === 'delete') d.removal = true;
        const outerCall = ancestors[ancestors.length - 3];
        if (grand?.type === 'MemberExpression' && grand.property.type === 'Identifier' && grand.property.name === 'push' && outerCall?.type === 'CallExpression') grow(ref, ancestors, d);
      }
      return;
    }
    if (parent.type === 'AssignmentExpression' && parent.left === ref) {
      const method = lastOf(ancestors, (a) => a.type === 'ClassMethod');
      const inConstructor = method?.type === 'ClassMethod' && method.kind === 'constructor';
      if (!inConstructor && lineOf(parent) !== d.line) d.trimmed = true;
    }
  }

  function grow(ref: Node, ancestors: readonly Node[], d: Draft) {
    const fn = lastOf(ancestors, (a) => isFunction(a));
    if (!fn) return;
    if (fn.type === 'ClassMethod' && fn.kind === 'constructor') return;
    if (loadedOnce(ref, ancestors, fn)) return;
    d.growthCount++;
    d.growth ??= { line: lineOf(ref), column: columnOf(ref), fn: functionName(fn, ancestors) };
    if (memoGuarded(ref, ancestors, fn)) d.memoized = true;
  }
}

/** Filled only while empty: `if (!cache.size) load()` / `if (list.length === 0)` loads once, it does not grow. */
function loadedOnce(ref: Node, ancestors: readonly Node[], fn: Node): boolean {
  const refPath = memberPath(ref);
  for (let i = ancestors.length - 1; i >= 0 && ancestors[i] !== fn; i--) {
    const a = ancestors[i];
    if (a.type !== 'IfStatement') continue;
    const test = a.test;
    if (test.type === 'UnaryExpression' && test.operator === '!') {
      const arg = memberPath(test.argument);
      if (arg && (arg === refPath || arg === `${refPath}.length` || arg === `${refPath}.size`)) return true;
    }
    if (test.type === 'BinaryExpression' && /^={2,3}$/.test(test.operator) && test.right.type === 'NumericLiteral' && test.right.value === 0) {
      const left = memberPath(test.left);
      if (left === `${refPath}.length` || left === `${refPath}.size`) return true;
    }
  }
  return false;
}

/** Under `if (!m.has(key))` / `if (!(key in obj))` / `if (!obj[key])`. */
function memoGuarded(ref: Node, ancestors: readonly Node[], fn: Node): boolean {
  const refPath = memberPath(ref);
  for (let i = ancestors.length - 1; i >= 0 && ancestors[i] !== fn; i--) {
    const a = ancestors[i];
    if (a.type !== 'IfStatement' || a.test.type !== 'UnaryExpression' || a.test.operator !== '!') continue;
    const arg = a.test.argument;
    if (arg.type === 'CallExpression' && memberPath(arg.callee) === `${refPath}.has`) return true;
    if (arg.type === 'BinaryExpression' && arg.operator === 'in' && memberPath(arg.right) === refPath) return true;
    if (arg.type === 'MemberExpression' && arg.computed && memberPath(arg.object) === refPath) return true;
  }
  return false;
}

function lastOf(list: readonly Node[], test: (n: Node) => boolean): Node | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return list[i];
  return undefined;
}

function enclosingClassName(ancestors: readonly Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'ClassDeclaration' || a.type === 'ClassExpression') return a.id?.name ?? declaredName(ancestors.slice(0, i));
    // `this` inside a plain function is not the class's.
    if (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression') return undefined;
  }
  return undefined;
}

function declaredName(ancestors: readonly Node[]): string | undefined {
  const parent = ancestors[ancestors.length - 1];
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function functionName(fn: Node, ancestors: readonly Node[]): string {
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') && fn.key.type === 'Identifier') return fn.key.name;
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  const i = ancestors.indexOf(fn);
  const parent = i > 0 ? ancestors[i - 1] : undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'ClassProperty' && parent.key.type === 'Identifier') return parent.key.name;
  return '(anonymous)';
}

/** Whether a function between the reference and the module declares `name` (parameter or local). */
function declaredIn(name: string, ancestors: readonly Node[]): boolean {
  for (const a of ancestors) {
    if (isFunction(a)) {
      for (const p of a.params) if (bindsName(p, name)) return true;
      if (a.body.type === 'BlockStatement') {
        for (const s of a.body.body) {
          if (s.type === 'VariableDeclaration' && s.declarations.some((d) => bindsName(d.id, name))) return true;
          if (s.type === 'FunctionDeclaration' && s.id?.name === name) return true;
        }
      }
    }
    if (a.type === 'ForOfStatement' || a.type === 'ForInStatement' || a.type === 'ForStatement') {
      const left = a.type === 'ForStatement' ? a.init : a.left;
      if (left?.type === 'VariableDeclaration' && left.declarations.some((d) => bindsName(d.id, name))) return true;
    }
  }
  return false;
}

function bindsName(node: Node, name: string): boolean {
  switch (node.type) {
    case 'Identifier':
      return node.name === name;
    case 'AssignmentPattern':
      return bindsName(node.left, name);
    case 'RestElement':
      return bindsName(node.argument, name);
    case 'ObjectPattern':
      return node.properties.some((p) => (p.type === 'RestElement' ? bindsName(p, name) : bindsName(p.value, name)));
    case 'ArrayPattern':
      return node.elements.some((e) => !!e && bindsName(e, name));
    case 'TSParameterProperty':
      return bindsName(node.parameter, name);
    default:
      return false;
  }
}
