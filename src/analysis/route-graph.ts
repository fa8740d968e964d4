/**
 * Full route paths across files: routers carry their own prefix, mounts attach a router under a
 * parent with a prefix (`app.include_router(r, prefix=…)`, `app.use('/api', router)`), and a
 * route's full path is every chain of mounts from a root down to its router, joined.
 *
 * Keys are module-qualified names (`apis.chat.router`, `src/routes/chat.ts#default`). Python
 * packages are often imported relative to a source folder (`backend/` on sys.path), so a mount's
 * child also matches a router whose key ends with it.
 */
export interface RouteGraphInput {
  routers: { key: string; prefix: string }[];
  mounts: { parent: string; child: string; prefix: string }[];
}

export class RouteGraph {
  private readonly ownPrefix = new Map<string, string>();
  private readonly parentsOf = new Map<string, { parent: string; prefix: string }[]>();
  private readonly cache = new Map<string, string[]>();
  /** Dotted suffix → router keys ending with it, so a match costs one lookup. */
  private readonly bySuffix = new Map<string, string[]>();
  private readonly matched = new Map<string, string | undefined>();

  constructor(input: RouteGraphInput) {
    for (const r of input.routers) this.ownPrefix.set(r.key, r.prefix);
    for (const key of this.ownPrefix.keys()) {
      const parts = key.split('.');
      for (let i = 1; i < parts.length; i++) {
        const suffix = parts.slice(i).join('.');
        const list = this.bySuffix.get(suffix) ?? [];
        list.push(key);
        this.bySuffix.set(suffix, list);
      }
    }
    for (const m of input.mounts) {
      const child = this.match(m.child) ?? m.child;
      const parent = this.match(m.parent) ?? m.parent;
      const list = this.parentsOf.get(child) ?? [];
      list.push({ parent, prefix: m.prefix });
      this.parentsOf.set(child, list);
    }
  }

  /** Every full prefix under which a router's routes are served ([''] for a root app). */
  prefixesOf(key: string): string[] {
    return this.resolve(this.match(key) ?? key, new Set());
  }

  /** Full paths of a route declared on router `key` with local path `path`. */
  fullPaths(key: string, path: string): string[] {
    return [...new Set(this.prefixesOf(key).map((prefix) => joinUrl(prefix, path)))].sort();
  }

  /** Whether anything mounts this router (a router never mounted serves nothing). */
  isMounted(key: string): boolean {
    return this.parentsOf.has(this.match(key) ?? key);
  }

  private resolve(key: string, seen: Set<string>): string[] {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const own = this.ownPrefix.get(key) ?? '';
    const parents = this.parentsOf.get(key);
    if (!parents?.length || seen.has(key)) return [own];
    seen.add(key);
    const out: string[] = [];
    for (const { parent, prefix } of parents) {
      for (const parentPrefix of this.resolve(parent, seen)) out.push(joinUrl(joinUrl(parentPrefix, prefix), own));
    }
    seen.delete(key);
    const result = [...new Set(out)];
    this.cache.set(key, result);
    return result;
  }

  /** The router key a name refers to: itself, the one key ending with it, or the one it ends with. */
  private match(name: string): string | undefined {
    if (this.ownPrefix.has(name)) return name;
    if (this.matched.has(name)) return this.matched.get(name);
    const candidates = new Set(this.bySuffix.get(name) ?? []);
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const tail = parts.slice(i).join('.');
      if (this.ownPrefix.has(tail)) candidates.add(tail);
    }
    const result = candidates.size === 1 ? [...candidates][0] : undefined;
    this.matched.set(name, result);
    return result;
  }
}

/** Joins URL path parts with exactly one `/` between them; never a trailing slash except root. */
export function joinUrl(a: string, b: string): string {
  const left = a.replace(/\/+$/, '');
  const right = b.replace(/^\/+/, '');
  const joined = right ? `${left}/${right}` : left;
  const withSlash = joined.startsWith('/') ? joined : `/${joined}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}
