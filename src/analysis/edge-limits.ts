import type { Inventory } from '../engine/inventory.js';
import { basename, isExamplePath, isTestPath } from '../io/paths.js';

/**
 * Rate limiting configured at an edge other than nginx: a Traefik `rateLimit` middleware (labels or
 * dynamic config), ingress-nginx `limit-rps`/`limit-rpm`/`limit-connections` annotations, Kong's
 * `rate-limiting` plugin, Envoy/Istio `local_ratelimit`, Caddy's `rate_limit` directive. Config
 * formats, read line by line (Helm chart templates included: they are text, not YAML).
 */
const EDGE_LIMIT = [
  /\bmiddlewares\.[\w-]+\.ratelimit\.(?:average|burst|period)\s*=/i, // Traefik labels
  /^\s*rateLimit\s*:\s*$(?:\r?\n\s+(?:average|burst|period|sourceCriterion)\s*:)/im, // Traefik dynamic config
  /nginx\.ingress\.kubernetes\.io\/limit-(?:rps|rpm|connections|rate)\s*:/i,
  /^\s*-?\s*name\s*:\s*["']?rate-limiting(?:-advanced)?["']?\s*$/im, // Kong plugin
  /\blocal_ratelimit\b|envoy\.filters\.http\.(?:local_)?ratelimit/i,
];
const CONFIG_FILE = /\.(?:ya?ml|toml|json|tpl)$/i;
const CADDY_LIMIT = /^\s*rate_limit\b/m;

export function hasEdgeRateLimit(inventory: Inventory): boolean {
  return inventory.files.some((file) => {
    if (isTestPath(file.path) || isExamplePath(file.path)) return false;
    const name = basename(file.path);
    const caddy = /^Caddyfile(?:\.|$)|\.caddy(?:file)?$/i.test(name);
    if (!caddy && (!CONFIG_FILE.test(name) || file.kind === 'package-json' || file.kind === 'lockfile')) return false;
    // Commented-out lines configure nothing.
    const text = (inventory.text(file.path) ?? '').replace(/^\s*#.*$/gm, '');
    return caddy ? CADDY_LIMIT.test(text) : EDGE_LIMIT.some((pattern) => pattern.test(text));
  });
}
