import type { Node } from '@babel/types';
import { walk } from './ast.js';

export interface ImportBinding {
  /** Module specifier without a `node:` prefix. */
  source: string;
  /** `default`, `*` (namespace or whole `require`), or the imported member. */
  imported: string;
  line: number;
}

/** Local name → what it was imported as; ES imports and CommonJS `require` alike. */
export type JsImports = Map<string, ImportBinding>;

/**
 * `text` (the module's source) lets a module without `require`/`import(` skip the deep walk: its
 * bindings are then all ES import declarations, read from the top-level statements alone.
 */
export function collectImports(ast: Node, text?: string): JsImports {
  const map: JsImports = new Map();
  const enter = (node: Node): false | undefined => {
    if (node.type === 'ImportDeclaration') {
      const source = clean(node.source.value);
      for (const spec of node.specifiers) {
        const line = spec.loc?.start.line ?? 1;
        if (spec.type === 'ImportDefaultSpecifier') map.set(spec.local.name, { source, imported: 'default', line });
        else if (spec.type === 'ImportNamespaceSpecifier') map.set(spec.local.name, { source, imported: '*', line });
        else {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          map.set(spec.local.name, { source, imported, line });
        }
      }
      return false;
    }
    if (node.type === 'VariableDeclarator' && node.init) {
      const required = requireTarget(node.init);
      if (!required) return undefined;
      const line = node.loc?.start.line ?? 1;
      if (node.id.type === 'Identifier') {
        map.set(node.id.name, { source: required.source, imported: required.member ?? '*', line });
      } else if (node.id.type === 'ObjectPattern') {
        for (const prop of node.id.properties) {
          if (prop.type !== 'ObjectProperty' || prop.key.type !== 'Identifier') continue;
          const local = prop.value.type === 'Identifier' ? prop.value.name : prop.value.type === 'AssignmentPattern' && prop.value.left.type === 'Identifier' ? prop.value.left.name : undefined;
          if (local) map.set(local, { source: required.source, imported: prop.key.name, line });
        }
      }
      return false;
    }
    return undefined;
  };
  const top = text === undefined ? undefined : onlyTopLevelImports(ast, text);
  if (top) for (const statement of top) enter(statement);
  else walk(ast, enter);
  addPromisified(ast, map);
  return map;
}

/**
 * The top-level statements when they hold every binding the deep walk could find, else undefined.
 * Sound: a `require` binding needs the word `require`, a dynamic one `import` then `(` (maybe after
 * a comment), an escape could spell either; and every import declaration starts with its own word
 * `import`, so when the text has no more such words than top-level declarations, none is nested
 * (`declare module` blocks, error-recovered code).
 */
function onlyTopLevelImports(ast: Node, text: string): readonly Node[] | undefined {
  const program = ast.type === 'File' ? ast.program : ast.type === 'Program' ? ast : undefined;
  if (!program || text.includes('require') || text.includes('\\u') || DYNAMIC_IMPORT.test(text)) return undefined;
  let declarations = 0;
  for (const statement of program.body) if (statement.type === 'ImportDeclaration') declarations++;
  let words = 0;
  IMPORT_WORD.lastIndex = 0;
  while (IMPORT_WORD.exec(text)) if (++words > declarations) return undefined;
  return program.body;
}

const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[/*])/;
const IMPORT_WORD = /\bimport\b/g;

/**
 * `const run = promisify(exec)` / `util.promisify(cp.exec)`: the wrapper calls the same function,
 * so it is bound to what it wraps (`run(cmd)` resolves to `child_process.exec`).
 */
function addPromisified(ast: Node, map: JsImports): void {
  // A wrapper resolves to `util.promisify` only through an import of util; most modules have none.
  if (![...map.values()].some((b) => b.source.startsWith('util'))) return;
  walk(ast, (node) => {
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || map.has(node.id.name)) return undefined;
    const init = node.init;
    if (init?.type !== 'CallExpression' || init.arguments.length !== 1) return undefined;
    const callee = memberName(init.callee);
    const wrapper = callee ? bindingOf(callee, map) : undefined;
    if (!wrapper || wrapper !== 'util.promisify') return undefined;
    const target = memberName(init.arguments[0] as Node);
    const head = target ? map.get(target.split('.')[0]) : undefined;
    if (!target || !head) return undefined;
    const rest = target.split('.').slice(1);
    const base = head.imported === 'default' || head.imported === '*' ? [] : [head.imported];
    const imported = [...base, ...rest].join('.') || head.imported;
    map.set(node.id.name, { source: head.source, imported, line: node.loc?.start.line ?? 1 });
    return undefined;
  });
}

function memberName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = memberName(node.object);
    return object ? `${object}.${node.property.name}` : undefined;
  }
  return undefined;
}

/** `promisify` or `util.promisify` as imported: `util.promisify` either way. */
function bindingOf(written: string, map: JsImports): string | undefined {
  const [head, ...rest] = written.split('.');
  const b = map.get(head);
  if (!b) return undefined;
  const base = b.imported === 'default' || b.imported === '*' ? b.source : `${b.source}.${b.imported}`;
  return [base, ...rest].join('.');
}

/** `require('x')`, `require('x').y`, `require('x').default`, `await import('x')`. */
function requireTarget(init: Node): { source: string; member?: string } | undefined {
  let node = init;
  if (node.type === 'AwaitExpression') node = node.argument;
  // `require('pino')(opts)`: the value a module's factory returns still comes from that module.
  if (node.type === 'CallExpression' && node.callee.type === 'CallExpression') node = node.callee;
  let member: string | undefined;
  if ((node.type === 'MemberExpression') && !node.computed && node.property.type === 'Identifier') {
    member = node.property.name === 'default' ? undefined : node.property.name;
    node = node.object;
  }
  if (node.type === 'CallExpression' && node.arguments[0]?.type === 'StringLiteral') {
    const callee = node.callee;
    if ((callee.type === 'Identifier' && callee.name === 'require') || callee.type === 'Import') {
      return { source: clean(node.arguments[0].value), member };
    }
  }
  return undefined;
}

function clean(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

/** Whether any import comes from `module` or one of its subpaths (`@nestjs/core`, `express`). */
export function importsFrom(imports: JsImports, module: string | RegExp): boolean {
  for (const b of imports.values()) {
    if (typeof module === 'string' ? b.source === module || b.source.startsWith(`${module}/`) : module.test(b.source)) return true;
  }
  return false;
}

/** Resolves a relative specifier from a file to a scanned path (extensions and index files tried). */
export function resolveRelative(fromPath: string, specifier: string, has: (path: string) => boolean): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const dir = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')) : '';
  const parts = dir ? dir.split('/') : [];
  for (const seg of specifier.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  const base = parts.join('/');
  // The candidates in order, built only until one is scanned.
  if (has(base)) return base;
  const stripped = base.replace(/\.(?:js|mjs|cjs|jsx)$/, '');
  for (const e of SOURCE_EXTENSIONS) if (has(stripped + e)) return stripped + e;
  for (const e of INDEX_FILES) if (has(base + e)) return base + e;
  return undefined;
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const INDEX_FILES = ['/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs', '/index.cjs'];

/**
 * Where an app or router object is defined, as `file#exported`: an imported name resolves to the
 * module that exports it (relative paths, or `resolve` for aliases), a local one to this file.
 */
export function objectKey(
  local: string,
  path: string,
  imports: JsImports,
  has: (path: string) => boolean,
  resolve?: (from: string, specifier: string) => string | undefined,
): string {
  const binding = imports.get(local.split('.')[0]);
  if (binding) {
    const target = binding.source.startsWith('.') ? resolveRelative(path, binding.source, has) : resolve?.(path, binding.source);
    if (target) return `${target}#${binding.imported === '*' ? 'default' : binding.imported}`;
  }
  return `${path}#${local}`;
}
