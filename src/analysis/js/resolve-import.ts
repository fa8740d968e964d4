import { parse as parseJsonc } from 'jsonc-parser';
import type { Inventory } from '../../engine/inventory.js';
import { dirname } from '../../io/paths.js';
import { resolveRelative } from './imports.js';

interface PathAliases {
  /** Folder the `paths` targets are relative to (repository path, '' for the root). */
  base: string;
  /** `@/*` → [`./src/*`], in declaration order. */
  paths: [string, string[]][];
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const configs = new WeakMap<Inventory, Map<string, PathAliases | null>>();

/**
 * Resolves an import specifier to a scanned file: relative specifiers, and the path aliases of
 * the nearest tsconfig.json/jsconfig.json (`@/lib/db` with `"paths": {"@/*": ["./src/*"]}`,
 * bare specifiers under `baseUrl`). Packages resolve to nothing.
 */
export function resolveImport(fromPath: string, specifier: string, inventory: Inventory): string | undefined {
  const has = (p: string) => inventory.has(p);
  if (specifier.startsWith('.')) return resolveRelative(fromPath, specifier, has);
  const aliases = nearestAliases(fromPath, inventory);
  if (!aliases) return undefined;
  const from = aliases.base ? `${aliases.base}/__importer__` : '__importer__';
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = specifier === pattern ? '' : undefined;
    else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1) {
      rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
    }
    if (rest === undefined) continue;
    for (const target of targets) {
      const mapped = target.replace('*', rest);
      const found = resolveRelative(from, mapped.startsWith('.') ? mapped : `./${mapped}`, has);
      if (found) return found;
    }
  }
  return undefined;
}

function nearestAliases(fromPath: string, inventory: Inventory): PathAliases | undefined {
  let cache = configs.get(inventory);
  if (!cache) configs.set(inventory, (cache = new Map()));
  for (let dir = dirname(fromPath); ; dir = dirname(dir)) {
    let aliases = cache.get(dir);
    if (aliases === undefined) {
      aliases = readAliases(dir, inventory);
      cache.set(dir, aliases);
    }
    if (aliases) return aliases;
    if (!dir) return undefined;
  }
}

function readAliases(dir: string, inventory: Inventory): PathAliases | null {
  for (const name of CONFIG_NAMES) {
    const path = dir ? `${dir}/${name}` : name;
    const text = inventory.text(path);
    if (text === undefined) continue;
    const options = (parseJsonc(text, [], { allowTrailingComma: true }) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
    const baseUrl = typeof options?.baseUrl === 'string' ? options.baseUrl : '.';
    const base = joinDir(dir, baseUrl);
    const paths: [string, string[]][] = [];
    if (options?.paths && typeof options.paths === 'object') {
      for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
        if (Array.isArray(targets)) paths.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
      }
    }
    // `baseUrl` alone makes bare specifiers resolve under it (`import db from 'lib/db'`).
    if (typeof options?.baseUrl === 'string') paths.push(['*', ['./*']]);
    return { base, paths };
  }
  return null;
}

function joinDir(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const seg of relative.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
