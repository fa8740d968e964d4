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
  walk(root, (node) => {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = dottedName(child.childForFieldName('name')) ?? child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) map.set(alias, name);
        } else if (child.type === 'dotted_name') {
          const first = child.text.split('.')[0];
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
  });
  return map;
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

/** The dotted module name of a repository path: `apis/core/routes.py` → `apis.core.routes`. */
export function moduleNameOf(path: string): string {
  return path
    .replace(/\.pyw?$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

/** Resolves a relative import (`.routes`, `..core.x`) seen in `fromPath` to an absolute module name. */
export function absoluteModule(target: string, fromPath: string): string {
  if (!target.startsWith('.')) return target;
  const dots = /^\.+/.exec(target)![0].length;
  const pkg = moduleNameOf(fromPath).split('.');
  const isInit = /__init__\.pyw?$/.test(fromPath);
  const base = pkg.slice(0, Math.max(0, pkg.length - (isInit ? dots - 1 : dots)));
  const rest = target.slice(dots);
  return [...base, ...(rest ? [rest] : [])].join('.');
}
