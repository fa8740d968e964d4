import type { ParsedFile } from '../../src/engine/types.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { importsFrom } from '../../src/analysis/js/imports.js';
import { jsWebFrameworkOf } from '../../src/analysis/js/server.js';
import { webFrameworkOf } from '../../src/analysis/python/server.js';

const SCRIPT_PATH = /(?:^|\/)(?:scripts?|tools|bin|migrations|alembic|seeds?|notebooks?|benchmarks?)\//i;
const CLIENT_PATH = /(?:^|\/)(?:client|frontend|web-?app|components|hooks|public|static|ui)\//i;
const SERVER_PATH = /(?:^|\/)(?:server|api|routes|controllers|services|backend|workers?|jobs|lib\/server|middleware)\/|(?:^|\/)(?:server|app|main|index|worker)\.[cm]?[jt]s$|(?:^|\/)app\/.*\/route\.[cm]?[jt]sx?$/i;

/** A maintenance script rather than the service: findings there are lower priority. */
export function isScriptPath(path: string): boolean {
  return SCRIPT_PATH.test(path);
}

/**
 * Whether a JS/TS module runs on a server (so outbound calls without timeouts hold server
 * resources): it imports a web framework, sits in a server-looking folder or is a Next.js route
 * handler, and is not browser code (React/Vue/Svelte imports, `'use client'`, client folders).
 */
export function isJsServerCode(file: ParsedFile<'js'>): boolean {
  const imports = jsImportsOf(file);
  const program = file.model.ast.program;
  if (program.directives?.some((d) => d.value.value === 'use client')) return false;
  if (importsFrom(imports, /^(?:react|react-dom|vue|svelte|@angular\/core|solid-js|preact)$/) && !/(?:^|\/)route\.[cm]?[jt]sx?$/.test(file.path)) return false;
  if (CLIENT_PATH.test(file.path) && !jsWebFrameworkOf(imports)) return false;
  if (/\.(?:jsx|tsx)$/.test(file.path)) return false;
  return !!jsWebFrameworkOf(imports) || SERVER_PATH.test(file.path) || importsFrom(imports, /^(?:server-only|next\/server|@nestjs\/common)$/);
}

/** Whether a Python module is part of a web service (imports a framework). */
export function isPyServerCode(file: ParsedFile<'python'>): boolean {
  return !!webFrameworkOf(pyImportsOf(file));
}
