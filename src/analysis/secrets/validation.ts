import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { walk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { dottedName, lineOf as pyLineOf, walk as pyWalk } from '../python/ast.js';
import { stringValue } from '../python/values.js';

/**
 * Names a module checks at start-up: those in conditions of `if …: raise` / `if (…) throw`, in
 * `assert`s, in schema objects (zod, envalid, t3-env) and in lists of required names that a
 * failing loop walks. Both env names and variable names are returned: the caller matches either.
 */
export interface Validated {
  names: Set<string>;
}

const JS_SCHEMA_MODULES = /^(?:zod|envalid|@t3-oss\/env-[\w-]+|joi|yup|valibot|env-var|@sinclair\/typebox|convict)$/;

export function jsValidatedNames(ast: Node, imports: JsImports, into: Set<string>): void {
  const usesSchema = [...imports.values()].some((b) => JS_SCHEMA_MODULES.test(b.source));
  let hasDynamicCheck = false;
  const listed: string[] = [];
  walk(ast, (node) => {
    if (node.type === 'IfStatement' && failsHard(node.consequent)) {
      walk(node.test, (n) => {
        if (n.type === 'Identifier') into.add(n.name);
        if (n.type === 'StringLiteral') into.add(n.value);
        if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') into.add(n.property.name);
        if (n.type === 'MemberExpression' && n.computed && n.property.type !== 'StringLiteral') hasDynamicCheck = true;
      });
    }
    if (usesSchema && node.type === 'ObjectProperty' && !node.computed) {
      const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined;
      // `.optional()` / `.default(…)` in the schema value means it is not required.
      const src = node.value.type === 'CallExpression' || node.value.type === 'MemberExpression' ? chainNames(node.value) : [];
      if (key && !src.some((n) => /^(?:optional|default|nullish)$/.test(n))) into.add(key);
    }
    if (node.type === 'ArrayExpression') {
      for (const el of node.elements) if (el?.type === 'StringLiteral') listed.push(el.value);
    }
  });
  if (hasDynamicCheck) for (const name of listed) into.add(name);
}

function chainNames(node: Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type === 'MemberExpression' && n.property.type === 'Identifier') out.push(n.property.name);
  });
  return out;
}

function failsHard(node: Node): boolean {
  let fails = false;
  walk(node, (n) => {
    if (n.type === 'ThrowStatement') fails = true;
    if (n.type === 'CallExpression' && /^(?:process\.exit|Deno\.exit)$/.test(memberText(n.callee))) fails = true;
  });
  return fails;
}

function memberText(node: Node): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.property.type === 'Identifier') return `${memberText(node.object)}.${node.property.name}`;
  return '';
}

/** Python: `if not X: raise`, `assert X`, `sys.exit` branches, validated pydantic classes. */
export function pyValidatedNames(root: PyNode, into: Set<string>): void {
  let hasDynamicCheck = false;
  const listed: string[] = [];
  const addNames = (condition: PyNode) => {
    pyWalk(condition, (n) => {
      if (n.type === 'identifier') into.add(n.text);
      if (n.type === 'string') {
        const v = stringValue(n);
        if (v) into.add(v);
      }
      if (n.type === 'attribute') {
        const attr = n.childForFieldName('attribute')?.text;
        if (attr) into.add(attr);
      }
      if ((n.type === 'call' || n.type === 'subscript') && /(?:getenv|environ)/.test(n.text) && !/["']/.test(n.text)) hasDynamicCheck = true;
    });
  };
  pyWalk(root, (node) => {
    if (node.type === 'if_statement') {
      const consequence = node.childForFieldName('consequence');
      if (consequence && pyFailsHard(consequence)) {
        const condition = node.childForFieldName('condition');
        if (condition) addNames(condition);
      }
    } else if (node.type === 'assert_statement') {
      addNames(node);
    } else if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') {
      for (const el of node.namedChildren) {
        const v = stringValue(el);
        if (v) listed.push(v);
      }
    } else if (node.type === 'decorator' && /validator/.test(node.text)) {
      // A pydantic validator: its class's fields are checked. Field names are added by the caller.
      for (let p = node.parent; p; p = p.parent) {
        if (p.type === 'class_definition') {
          const name = p.childForFieldName('name')?.text;
          if (name) into.add(`class:${name}`);
          break;
        }
      }
    }
  });
  if (hasDynamicCheck) for (const name of listed) into.add(name);
}

function pyFailsHard(block: PyNode): boolean {
  let fails = false;
  pyWalk(block, (n) => {
    if (n.type === 'raise_statement') fails = true;
    if (n.type === 'call' && /^(?:sys\.exit|exit|os\._exit)$/.test(dottedName(n.childForFieldName('function')) ?? '')) fails = true;
  });
  return fails;
}

/** A pydantic settings field without a default: `openai_api_key: str`. */
export interface PySettingsField {
  name: string;
  className: string;
  line: number;
  /** `Field(..., min_length=1)` or a constrained type: an empty value would be rejected. */
  constrained: boolean;
}

export function pySettingsFields(root: PyNode): PySettingsField[] {
  const out: PySettingsField[] = [];
  pyWalk(root, (node) => {
    if (node.type !== 'class_definition') return;
    const bases = node.childForFieldName('superclasses')?.text ?? '';
    if (!/BaseSettings/.test(bases)) return;
    const className = node.childForFieldName('name')?.text ?? '';
    for (const stmt of node.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
      if (assignment?.type !== 'assignment' || !assignment.childForFieldName('type')) continue;
      const name = assignment.childForFieldName('left')?.text;
      const right = assignment.childForFieldName('right');
      const typeText = assignment.childForFieldName('type')?.text ?? '';
      if (!name || /Optional|None/.test(typeText)) continue;
      if (right && !/^Field\(\s*(?:\.\.\.|default\s*=\s*\.\.\.)/.test(right.text)) continue;
      const constrained = /min_length|constr|SecretStr.*min/.test(`${typeText} ${right?.text ?? ''}`);
      out.push({ name, className, line: pyLineOf(assignment), constrained });
    }
    return false;
  });
  return out;
}
