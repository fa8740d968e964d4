import type { ParsedFile } from '../../src/engine/types.js';
import { jsImportsOf } from '../../src/analysis/facts.js';
import { importsFrom } from '../../src/analysis/js/imports.js';
import { jsWebFrameworkOf } from '../../src/analysis/js/server.js';

const SCRIPT_PATH = /(?:^|\/)(?:scripts?|tools|bin|migrations|alembic|seeds?|notebooks?|benchmarks?)\//i;
const CLIENT_PATH = /(?:^|\/)(?:client|frontend|web-?app|components|hooks|public|static|ui)\//i;
const ROUTE_FILE = /(?:^|\/)route\.[cm]?[jt]sx?$/;

/** A maintenance script rather than the service: findings there are lower priority. */
export function isScriptPath(path: string): boolean {
  return SCRIPT_PATH.test(path);
}

/**
 * Browser code, on top of what the shared server scope (src/analysis/server-scope.ts) excludes:
 * a fetch there holds no server resources. `'use client'`, React/Vue/Svelte imports outside
 * route handlers, client folders without a server framework, JSX/TSX components.
 */
export function isClientCode(file: ParsedFile<'js'>): boolean {
  const imports = jsImportsOf(file);
  if (file.model.ast.program.directives?.some((d) => d.value.value === 'use client')) return true;
  if (importsFrom(imports, /^(?:react|react-dom|vue|svelte|@angular\/core|solid-js|preact)$/) && !ROUTE_FILE.test(file.path)) return true;
  if (CLIENT_PATH.test(file.path) && !jsWebFrameworkOf(imports)) return true;
  return /\.(?:jsx|tsx)$/.test(file.path);
}
