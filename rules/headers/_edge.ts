import type { Inventory } from '../../src/engine/inventory.js';
import { basename, isExamplePath, isTestPath } from '../../src/io/paths.js';
import { SECURITY_HEADERS, type SecurityHeader } from './_app.js';

/**
 * Security headers that a non-nginx edge in the repository adds: Caddy (`header` directives of a
 * Caddyfile) and Traefik (a `headers` middleware in compose labels or its dynamic configuration).
 * Both formats are line-oriented, so lines are read, not parsed into a tree.
 */
export function edgeHeaders(inventory: Inventory): Set<SecurityHeader> {
  const found = new Set<SecurityHeader>();
  for (const file of inventory.files) {
    if (isTestPath(file.path) || isExamplePath(file.path)) continue;
    const name = basename(file.path);
    if (/^Caddyfile(?:\.|$)|\.caddy(?:file)?$/i.test(name)) caddyHeaders(inventory.text(file.path) ?? '', found);
    else if (/\.(?:ya?ml|toml)$/i.test(name)) {
      // Commented-out lines configure nothing.
      const text = (inventory.text(file.path) ?? '').replace(/^\s*#.*$/gm, '');
      if (/traefik|middlewares/i.test(text)) traefikHeaders(text, found);
    }
  }
  return found;
}

/** `header Strict-Transport-Security "…"` and the lines of a `header { … }` block (`+Name`, `>Name` set too). */
function caddyHeaders(text: string, found: Set<SecurityHeader>): void {
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?:^|\s)#.*$/, '').trim();
    if (!line) continue;
    if (inBlock) {
      if (line.startsWith('}')) inBlock = false;
      else add(line.split(/\s+/)[0].replace(/^[+>]/, ''), found);
      continue;
    }
    const words = line.split(/\s+/);
    if (words[0] !== 'header') continue;
    // `header {`, `header /api/* {`: a block; otherwise `header [matcher] Name value`.
    if (words[words.length - 1] === '{') inBlock = true;
    else for (const word of words.slice(1, 3)) add(word.replace(/^[+>]/, ''), found);
  }
}

/** Traefik's headers middleware options, as labels (`…headers.stsSeconds=…`) or dynamic config keys. */
const TRAEFIK_OPTION: [RegExp, SecurityHeader][] = [
  [/\bstsSeconds\s*[:=]\s*["']?[1-9]/i, 'strict-transport-security'],
  [/\b(?:contentSecurityPolicy|contentSecurityPolicyReportOnly)\s*[:=]\s*["']?\S/i, 'content-security-policy'],
  [/\bcontentTypeNosniff\s*[:=]\s*["']?true/i, 'x-content-type-options'],
];

function traefikHeaders(text: string, found: Set<SecurityHeader>): void {
  for (const [pattern, header] of TRAEFIK_OPTION) if (pattern.test(text)) found.add(header);
  // `customResponseHeaders: { Strict-Transport-Security: … }` or `…customresponseheaders.X-Content-Type-Options=nosniff`.
  for (const match of text.matchAll(/customResponseHeaders[.:]?\s*\n?((?:[ \t]+[\w-]+\s*:.*\n?)*)|customResponseHeaders\.([\w-]+)\s*=/gi)) {
    const names = match[2] ? [match[2]] : [...(match[1] ?? '').matchAll(/^[ \t]+([\w-]+)\s*:/gm)].map((m) => m[1]);
    for (const name of names) add(name, found);
  }
}

function add(name: string, found: Set<SecurityHeader>): void {
  const lower = name.toLowerCase().replace(/^["']|["']$/g, '');
  for (const h of SECURITY_HEADERS) if (lower === h) found.add(h);
}
