import type { Node } from '@babel/types';
import { columnOf, lineOf, walk } from '../js/ast.js';
import { memberPath } from '../js/names.js';
import { staticString } from '../js/values.js';

/** An environment variable read in JS/TS code. */
export interface JsEnvRead {
  name: string;
  line: number;
  column: number;
  /** `process.env.X!` / `process.env.X as string`: the code assumes it is set. */
  asserted: boolean;
  /** `?? 'x'` / `|| 'x'`: the literal fallback, when there is one. */
  fallback?: string;
  /** Any fallback at all (literal or not). */
  hasFallback: boolean;
}

/**
 * NestJS `ConfigService` reads with a default: `config.get('JWT_SECRET', 'changeme')`,
 * `this.configService.get<string>('JWT_SECRET') ?? 'dev'`. The service reads the environment,
 * so its default is an environment fallback.
 */
export function jsConfigServiceReads(ast: Node): JsEnvRead[] {
  const reads: JsEnvRead[] = [];
  walk(ast, (node, ancestors) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier' || node.callee.property.name !== 'get') return;
    const owner = memberPath(node.callee.object) ?? '';
    if (!/(?:^|\.)(?:config|configService|_config|_configService|cfg)$/i.test(owner)) return;
    const key = node.arguments[0];
    if (key?.type !== 'StringLiteral' || !/^[A-Z][A-Z0-9_]*$/.test(key.value)) return;
    let fallbackNode: Node | undefined = node.arguments[1] as Node | undefined;
    const parent = ancestors[ancestors.length - 1];
    if (!fallbackNode && parent?.type === 'LogicalExpression' && (parent.operator === '??' || parent.operator === '||') && parent.left === node) fallbackNode = parent.right;
    if (!fallbackNode) return;
    reads.push({ name: key.value, line: lineOf(node), column: columnOf(node), asserted: false, fallback: staticString(fallbackNode), hasFallback: true });
  });
  return reads;
}

/** A string literal given to a secret-like name: `const apiKey = '…'`, `{ secret: '…' }`. */
export interface JsLiteral {
  name: string;
  value: string;
  line: number;
  column: number;
}

const ENV_OBJECT = /^(?:process\.env|import\.meta\.env|Deno\.env)$/;

function envName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const object = memberPath(node.object);
  if (!object || !ENV_OBJECT.test(object)) return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'StringLiteral') return node.property.value;
  return undefined;
}

/** Every `process.env.X` / `import.meta.env.X` read, with how it is guarded. */
export function jsEnvReads(ast: Node): JsEnvRead[] {
  const reads: JsEnvRead[] = [];
  walk(ast, (node, ancestors) => {
    // `const { VITE_KEY } = import.meta.env`
    if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && ENV_OBJECT.test(memberPath(node.init) ?? '')) {
      for (const prop of node.id.properties) {
        if (prop.type === 'ObjectProperty' && prop.key.type === 'Identifier') {
          const fallback = prop.value.type === 'AssignmentPattern' ? prop.value.right : undefined;
          reads.push({
            name: prop.key.name,
            line: lineOf(prop),
            column: columnOf(prop),
            asserted: false,
            fallback: fallback ? staticString(fallback) : undefined,
            hasFallback: !!fallback,
          });
        }
      }
      return;
    }
    const name = envName(node);
    if (!name) return;
    let parent = ancestors[ancestors.length - 1];
    let asserted = false;
    let i = ancestors.length - 1;
    while (parent && (parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression' || parent.type === 'ParenthesizedExpression')) {
      if (parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression') asserted = true;
      parent = ancestors[--i];
    }
    let fallback: string | undefined;
    let hasFallback = false;
    const child = i + 1 < ancestors.length ? ancestors[i + 1] : node;
    // Only a read on the left has a fallback: in `a || process.env.X` the read is the fallback.
    if (parent?.type === 'LogicalExpression' && (parent.operator === '??' || parent.operator === '||') && parent.left === child) {
      hasFallback = true;
      fallback = staticString(parent.right);
    }
    reads.push({ name, line: lineOf(node), column: columnOf(node), asserted, fallback, hasFallback });
  });
  return reads;
}

/** String literals bound to a name: declarations, assignments, object properties, class fields. */
export function jsNamedLiterals(ast: Node): JsLiteral[] {
  const out: JsLiteral[] = [];
  const push = (name: string | undefined, value: Node | null | undefined) => {
    if (!name || !value) return;
    const text = value.type === 'StringLiteral' ? value.value : value.type === 'TemplateLiteral' && !value.expressions.length ? value.quasis[0]?.value.cooked : undefined;
    if (typeof text === 'string') out.push({ name, value: text, line: lineOf(value), column: columnOf(value) + 1 });
  };
  walk(ast, (node, ancestors) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') push(node.id.name, node.init);
    else if (node.type === 'AssignmentExpression') push(memberPath(node.left)?.split('.').pop(), node.right);
    else if (node.type === 'ObjectProperty' && !node.computed) {
      const key = propertyName(node);
      const owner = ancestors[ancestors.length - 1];
      push(key === 'apiKey' && owner?.type === 'ObjectExpression' && isAlgoliaSearchConfig(owner) ? 'algoliaSearchApiKey' : key, node.value);
    } else if (node.type === 'ClassProperty' && node.key.type === 'Identifier') {
      push(node.key.name, node.value);
    }
  });
  return out;
}

function propertyName(node: Node): string | undefined {
  if (node.type !== 'ObjectProperty' || node.computed) return undefined;
  return node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined;
}

/**
 * `{ appId, apiKey, indexName }`: an Algolia DocSearch/InstantSearch config (Docusaurus `themeConfig.algolia`),
 * whose `apiKey` is the search-only key that Algolia documents as safe in front-end code.
 */
function isAlgoliaSearchConfig(object: Node): boolean {
  if (object.type !== 'ObjectExpression') return false;
  const names = new Set(object.properties.map(propertyName));
  return names.has('appId') && names.has('indexName');
}
