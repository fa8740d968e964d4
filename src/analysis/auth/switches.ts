import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { columnOf as jsColumn, isFunction, lineOf as jsLine, walk as jsWalk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { lastSegment as jsLast, memberPath, resolveName } from '../js/names.js';
import { envRead, isKnown, staticValue } from '../js/values.js';
import { columnOf, dottedName, enclosingFunction, lineOf, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import { literalValue } from '../python/values.js';
import { authSwitchSense, leavesAuthOff, switchValue, upperSnake } from './names.js';
import { qualifiedLast } from './py-callee.js';

/** An auth switch whose default (or hard-coded value) leaves authentication off. Plain data. */
export interface OffSwitch {
  /** The switch in UPPER_SNAKE form, for matching across files and env files. */
  key: string;
  /** As written. */
  name: string;
  file: string;
  line: number;
  column: number;
  /** `default`: the value when the environment does not set it; `hardcoded`: no environment at all. */
  how: 'default' | 'unset' | 'hardcoded';
  /** The expression, shortened, for the message. */
  expr: string;
}

/** Where code reads a switch (`settings.AUTH_ENABLED`, `if not AUTH_ENABLED`). */
export interface SwitchRead {
  key: string;
  file: string;
  line: number;
}

const PY_ENV_GETTERS = /^(?:os\.getenv|os\.environ\.get|environ\.get|getenv|decouple\.config|config|env\.bool|env|environ\.Env\.bool|env\.str)$/;
/** Last segments of PY_ENV_GETTERS's names. */
const ENV_GETTER_LASTS = new Set(['getenv', 'get', 'config', 'bool', 'env', 'str']);
const DEV_CLASS = /dev|test|local|debug/i;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

/** Off-by-default switches and switch reads of a Python module. */
export function pythonSwitches(root: PyNode, imports: ImportMap, file: string): { off: OffSwitch[]; reads: SwitchRead[] } {
  const off: OffSwitch[] = [];
  const reads: SwitchRead[] = [];
  walk(root, (node) => {
    if (node.type === 'call') {
      // Every PY_ENV_GETTERS name ends with one of these: other calls are not read.
      if (!ENV_GETTER_LASTS.has(qualifiedLast(node, imports) ?? '')) return undefined;
      const call = callInfo(node, imports);
      if (!call.name || !PY_ENV_GETTERS.test(call.name)) return undefined;
      const varName = literalValue(call.args[0] ?? call.kwargs.get('key'));
      if (typeof varName !== 'string') return undefined;
      const sense = authSwitchSense(varName);
      if (!sense) return undefined;
      const defaultNode = call.kwargs.get('default') ?? call.args[1];
      const site = { key: upperSnake(varName), name: varName, file, line: lineOf(node), column: columnOf(node) };
      if (defaultNode) {
        const value = switchValue(literalValue(defaultNode));
        if (value !== undefined && leavesAuthOff(sense, value)) off.push({ ...site, how: 'default', expr: short(comparisonAround(node)?.text ?? node.text) });
      } else {
        const cmp = comparisonAround(node);
        if (cmp && offWhenCompared(cmp, sense)) off.push({ ...site, how: 'unset', expr: short(cmp.text) });
      }
      return undefined;
    }
    if (node.type === 'class_definition') {
      classFields(node);
      return undefined;
    }
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      // The name and the literal first (cheap), the enclosing scopes only for a candidate.
      if (left?.type !== 'identifier' || !authSwitchSense(left.text)) return undefined;
      const right = node.childForFieldName('right');
      if (right && (right.type === 'true' || right.type === 'false') && !enclosingFunction(node) && !insideClass(node)) hardcoded(left.text, right, node);
      return undefined;
    }
    if (node.type === 'attribute') {
      const attr = node.childForFieldName('attribute')?.text;
      if (attr && authSwitchSense(attr)) reads.push({ key: upperSnake(attr), file, line: lineOf(node) });
      return undefined;
    }
    if (node.type === 'identifier' && authSwitchSense(node.text) && isRead(node)) reads.push({ key: upperSnake(node.text), file, line: lineOf(node) });
    return undefined;
  });
  return { off, reads };

  function hardcoded(name: string, right: PyNode | null, at: PyNode) {
    const sense = authSwitchSense(name);
    if (!sense || !right || (right.type !== 'true' && right.type !== 'false')) return;
    if (leavesAuthOff(sense, right.type === 'true')) off.push({ key: upperSnake(name), name, file, line: lineOf(at), column: columnOf(at), how: 'hardcoded', expr: short(at.text) });
  }

  /** pydantic `BaseSettings` / config classes: `auth_enabled: bool = False`, `Field(False)`. */
  function classFields(cls: PyNode) {
    const className = cls.childForFieldName('name')?.text ?? '';
    if (DEV_CLASS.test(className)) return;
    const bases = cls.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
    const isSettings = bases.some((b) => /Settings$|BaseConfig$|^Config$/.test(b)) || /(?:Settings|Config|Configuration)$/.test(className);
    if (!isSettings) return;
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      let right = assignment.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const sense = authSwitchSense(left.text);
      if (!sense) continue;
      if (right.type === 'call' && lastSegment(callInfo(right, imports).name) === 'Field') {
        const call = callInfo(right, imports);
        right = call.kwargs.get('default') ?? call.args[0] ?? null;
      }
      const value = switchValue(literalValue(right));
      if (value !== undefined && leavesAuthOff(sense, value)) {
        off.push({ key: upperSnake(left.text), name: left.text, file, line: lineOf(assignment), column: columnOf(assignment), how: 'default', expr: short(assignment.text) });
      }
    }
  }
}

function insideClass(node: PyNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return true;
  return false;
}

/** An identifier that is read (not assigned, imported, or a keyword name). */
function isRead(node: PyNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return false;
  if (/import|keyword_argument|attribute|parameters|function_definition|class_definition|aliased_import|dotted_name/.test(parent.type)) return false;
  return true;
}

/** The comparison a value flows into: `os.getenv(X, "false").lower() == "true"`. */
function comparisonAround(node: PyNode): PyNode | undefined {
  let current = node;
  for (let i = 0; i < 4; i++) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'comparison_operator') return parent;
    if (parent.type === 'attribute' || parent.type === 'call' || parent.type === 'parenthesized_expression') {
      current = parent;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/**
 * The switch's value when the variable is unset and the code compares it with a literal:
 * `X == "true"` reads as off, `X != "false"` reads as on (the unset value equals no literal).
 */
export function switchWhenUnset(positive: boolean, comparedTo: boolean): boolean {
  return positive === comparedTo ? !positive : positive;
}

/** Whether a comparison leaves auth off when the variable is unset: `== "true"`, `in ("1", "true")`. */
function offWhenCompared(cmp: PyNode, sense: 'enable' | 'disable'): boolean {
  const operator = cmp.children.find((c) => c && !c.isNamed && /^(?:==|!=|in|not in|not)$/.test(c.text))?.text ?? '';
  const other = cmp.namedChildren.find((c) => c && (c.type === 'string' || c.type === 'tuple' || c.type === 'list' || c.type === 'set'));
  const literal = literalValue(other);
  const values = (Array.isArray(literal) ? literal : [literal]).map((v) => switchValue(v));
  if (!values.length || values.some((v) => v === undefined) || new Set(values).size > 1) return false;
  const positive = operator === '==' || operator === 'in';
  if (!positive && operator !== '!=' && operator !== 'not') return false;
  return leavesAuthOff(sense, switchWhenUnset(positive, values[0]!));
}

/** Off-by-default switches and switch reads of a JS/TS module. */
export function jsSwitches(ast: Node, imports: JsImports, file: string, text: string): { off: OffSwitch[]; reads: SwitchRead[] } {
  const off: OffSwitch[] = [];
  const reads: SwitchRead[] = [];
  const seen = new Set<string>();
  const push = (s: OffSwitch) => {
    const k = `${s.key}:${s.line}`;
    if (seen.has(k)) return;
    seen.add(k);
    off.push(s);
  };
  const src = (n: Node) => short(text.slice(n.start ?? 0, n.end ?? 0));
  jsWalk(ast, (node, ancestors) => {
    if (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) {
      const read = envRead(node);
      const sense = read && authSwitchSense(read.name);
      if (read?.fallback && sense) {
        const fallback = staticValue(read.fallback);
        const value = isKnown(fallback) ? switchValue(fallback) : undefined;
        if (value !== undefined && leavesAuthOff(sense, value)) {
          const parent = ancestors[ancestors.length - 1];
          const shown = parent?.type === 'BinaryExpression' ? parent : node;
          push({ key: upperSnake(read.name), name: read.name, file, line: jsLine(node), column: jsColumn(node), how: 'default', expr: src(shown) });
        }
      }
    }
    if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(node.operator)) {
      for (const [a, b] of [[node.left, node.right], [node.right, node.left]] as const) {
        const read = envRead(unwrapString(a));
        const sense = read && !read.fallback ? authSwitchSense(read.name) : undefined;
        if (!read || !sense) continue;
        const literal = staticValue(b as Node);
        const compared = isKnown(literal) ? switchValue(literal) : undefined;
        if (compared === undefined || (typeof literal !== 'string')) continue;
        const positive = node.operator === '===' || node.operator === '==';
        if (leavesAuthOff(sense, switchWhenUnset(positive, compared))) push({ key: upperSnake(read.name), name: read.name, file, line: jsLine(node), column: jsColumn(node), how: 'unset', expr: src(node) });
      }
    }
    if (node.type === 'ObjectProperty' && !node.computed) {
      const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined;
      const sense = key ? authSwitchSense(key) : undefined;
      if (key && sense) {
        const value = schemaDefault(node.value as Node, imports);
        if (value !== undefined && leavesAuthOff(sense, value)) push({ key: upperSnake(key), name: key, file, line: jsLine(node), column: jsColumn(node), how: 'default', expr: src(node) });
      }
    }
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'BooleanLiteral' && !ancestors.some((a) => isFunction(a))) {
      const sense = authSwitchSense(node.id.name);
      if (sense && leavesAuthOff(sense, node.init.value)) push({ key: upperSnake(node.id.name), name: node.id.name, file, line: jsLine(node), column: jsColumn(node), how: 'hardcoded', expr: src(node) });
    }
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && authSwitchSense(node.property.name)) {
      if (!memberPath(node)?.startsWith('process.env')) reads.push({ key: upperSnake(node.property.name), file, line: jsLine(node) });
    }
    return undefined;
  });
  return { off, reads };
}

/** `process.env.X?.toLowerCase()`, `String(process.env.X)` → the env read inside. */
function unwrapString(node: Node): Node {
  if ((node.type === 'CallExpression' || node.type === 'OptionalCallExpression') && (node.callee.type === 'MemberExpression' || node.callee.type === 'OptionalMemberExpression')) {
    const m = node.callee.property.type === 'Identifier' ? node.callee.property.name : '';
    if (/^(?:toLowerCase|toUpperCase|trim)$/.test(m)) return unwrapString(node.callee.object);
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'String' && node.arguments[0]) return unwrapString(node.arguments[0] as Node);
  return node;
}

/**
 * The default a schema gives a field: zod `z.coerce.boolean().default(false)`, envalid
 * `bool({ default: false })`, joi `Joi.boolean().default(false)`.
 */
function schemaDefault(value: Node, imports: JsImports): boolean | undefined {
  let node: Node | undefined = value;
  for (let i = 0; i < 8 && node; i++) {
    if (node.type !== 'CallExpression') return undefined;
    const callee: Node = node.callee;
    if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'default') {
      const v = staticValue(node.arguments[0] as Node);
      return isKnown(v) ? switchValue(v) : undefined;
    }
    const name = jsLast(resolveName(memberPath(callee), imports));
    const source = resolveName(memberPath(callee), imports) ?? '';
    if (/^envalid\./.test(source) || name === 'bool' || name === 'str') {
      const opts = node.arguments[0];
      if (opts?.type === 'ObjectExpression') {
        for (const p of opts.properties) {
          if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === 'default') {
            const v = staticValue(p.value as Node);
            return isKnown(v) ? switchValue(v) : undefined;
          }
        }
      }
      return undefined;
    }
    node = callee.type === 'MemberExpression' ? (callee.object as Node) : undefined;
  }
  return undefined;
}
