import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import type { JsModel } from '../parsers/js.js';
import type { PythonModel } from '../parsers/python.js';
import { collectImports as collectJsImports, type JsImports } from './js/imports.js';
import { extractJsRoutes, type JsRouteFacts } from './js/routes.js';
import { resolveImport } from './js/resolve-import.js';
import { moduleConstants } from './js/values.js';
import { collectImports as collectPyImports, type ImportMap } from './python/imports.js';
import { extractRoutes, type PyRouteFacts } from './python/routes.js';
import type { Node } from '@babel/types';
import { Memo } from './memo.js';

/**
 * Per-file facts computed once and shared by every rule that asks: the engine hands all listeners
 * the same model object, so a memo keyed on it is a per-file cache that dies with it.
 */
const jsImports = new Memo<JsModel, JsImports>();
const jsConstants = new Memo<JsModel, Map<string, Node>>();
const jsRoutes = new Memo<JsModel, JsRouteFacts>();
const pyImports = new Memo<PythonModel, ImportMap>();
const pyRoutes = new Memo<PythonModel, PyRouteFacts>();

function memo<K extends object, V>(map: Memo<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

export function jsImportsOf(file: ParsedFile<'js'>): JsImports {
  return memo(jsImports, file.model, () => collectJsImports(file.model.ast, file.text));
}

export function jsConstantsOf(file: ParsedFile<'js'>): Map<string, Node> {
  return memo(jsConstants, file.model, () => moduleConstants(file.model.ast));
}

export function jsRoutesOf(file: ParsedFile<'js'>, inventory: Inventory): JsRouteFacts {
  return memo(jsRoutes, file.model, () => extractJsRoutes(file.model.ast, jsImportsOf(file), file.path, (p) => inventory.has(p), jsPaths(inventory), (from, s) => resolveImport(from, s, inventory)));
}

export function pyImportsOf(file: ParsedFile<'python'>): ImportMap {
  return memo(pyImports, file.model, () => collectPyImports(file.model.root));
}

/** Route facts of a Python module; `handler` nodes die with the tree after the visitor. */
export function pyRoutesOf(file: ParsedFile<'python'>): PyRouteFacts {
  return memo(pyRoutes, file.model, () => extractRoutes(file.model.root, pyImportsOf(file), file.path));
}

const jsPathLists = new WeakMap<Inventory, string[]>();

/** Paths of the scanned JS/TS modules (for `@fastify/autoload` folders), listed once per scan. */
function jsPaths(inventory: Inventory): string[] {
  let list = jsPathLists.get(inventory);
  if (!list) {
    list = inventory.ofKind('js').map((e) => e.path);
    jsPathLists.set(inventory, list);
  }
  return list;
}
