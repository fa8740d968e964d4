import type { PyNode } from '../../parsers/python.js';
import { dottedName, walk } from './ast.js';

/**
 * Local name → fully qualified name, from every import in the module (also those inside
 * functions and try blocks): `import pickle as pk` maps `pk` → `pickle`; `from os import path as p`
 * maps `p` → `os.path`; `import a.b` maps `a` → `a`. Relative imports keep their dots (`.utils.x`).
 */
export type ImportMap = Map<string, string>;

export function collectImports(root: PyNode): ImportMap {
  const map: ImportMap = new Map();
  const enter = (node: PyNode): false | undefined => {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = dottedName(child.childForFieldName('name')) ?? child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) map.set(alias, name);
        } else if (child.type === 'dotted_name') {
          const text = child.text;
          const dot = text.indexOf('.');
          const first = dot < 0 ? text : text.slice(0, dot);
          map.set(first, first);
        }
      }
      return false;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      const moduleName = moduleNode?.text ?? '';
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) map.set(alias, join(moduleName, name));
        } else {
          map.set(child.text, join(moduleName, child.text));
        }
      }
      return false;
    }
    return undefined;
  };
  if (onlyTopLevelImports(root)) {
    for (const statement of root.children) enter(statement);
  } else walk(root, enter);
  return map;
}

const TOP_LEVEL_IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const IMPORT_WORD = /\bimport\b/g;

/**
 * Whether every import of the module is a top-level statement, so the deep walk would find no
 * more. Sound: every import statement spells its own keyword `import` (keywords take no escapes),
 * so when the text holds no more such words than there are top-level import statements, none is
 * nested (in a function, a `try`, an error-recovered node). Words in strings and comments only
 * send a module to the walk.
 */
function onlyTopLevelImports(root: PyNode): boolean {
  if (root.type !== 'module') return false;
  let statements = 0;
  for (const child of root.children) if (TOP_LEVEL_IMPORTS.has(child.type)) statements++;
  const text = root.text;
  let words = 0;
  IMPORT_WORD.lastIndex = 0;
  while (IMPORT_WORD.exec(text)) if (++words > statements) return false;
  return true;
}

function join(moduleName: string, name: string): string {
  if (!moduleName) return name;
  return moduleName.endsWith('.') ? `${moduleName}${name}` : `${moduleName}.${name}`;
}

/** Resolves `pk.loads` → `pickle.loads` and `loads` (from pickle) → `pickle.loads`. */
export function qualify(name: string | undefined, imports: ImportMap): string | undefined {
  if (!name) return undefined;
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const target = imports.get(head);
  if (!target) return name;
  return dot < 0 ? target : `${target}${name.slice(dot)}`;
}

/** Whether the module imports anything from `module` (or a submodule). */
export function importsModule(imports: ImportMap, module: string): boolean {
  for (const target of imports.values()) if (target === module || target.startsWith(`${module}.`)) return true;
  return false;
}

/** Module names of the last paths asked: a handful of analyses ask for every file's, each in turn. */
const moduleNames = new Map<string, string>();
const MODULE_NAMES_KEPT = 64;

/** The dotted module name of a repository path: `apis/core/routes.py` → `apis.core.routes`. */
export function moduleNameOf(path: string): string {
  let name = moduleNames.get(path);
  if (name === undefined) {
    if (moduleNames.size >= MODULE_NAMES_KEPT) moduleNames.clear();
    moduleNames.set(path, (name = computeModuleName(path)));
  }
  return name;
}

/** `path.replace(/\.pyw?$/, '').replace(/\/__init__$/, '').split('/').join('.')` without the copies. */
function computeModuleName(path: string): string {
  let end = path.endsWith('.py') ? path.length - 3 : path.endsWith('.pyw') ? path.length - 4 : path.length;
  if (end >= 9 && path.startsWith('/__init__', end - 9)) end -= 9;
  const base = end === path.length ? path : path.slice(0, end);
  return base.includes('/') ? base.replaceAll('/', '.') : base;
}

/** Resolves a relative import (`.routes`, `..core.x`) seen in `fromPath` to an absolute module name. */
export function absoluteModule(target: string, fromPath: string): string {
  if (target.charCodeAt(0) !== 46 /* . */) return target;
  let dots = 1;
  while (target.charCodeAt(dots) === 46) dots++;
  const pkg = moduleNameOf(fromPath);
  const isInit = fromPath.endsWith('__init__.py') || fromPath.endsWith('__init__.pyw');
  // The package keeps its first `parts - up` dotted parts (none when it has too few).
  const up = isInit ? dots - 1 : dots;
  let cut = pkg.length;
  for (let i = 0; i < up && cut >= 0; i++) cut = cut === 0 ? -1 : pkg.lastIndexOf('.', cut - 1);
  const rest = target.slice(dots);
  if (cut < 0) return rest;
  const base = cut === pkg.length ? pkg : pkg.slice(0, cut);
  return rest ? `${base}.${rest}` : base;
}
