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
  /** Dotted suffix → router keys ending with it, so a match costs one lookup; built on first need. */
  private bySuffixIndex?: Map<string, string[]>;
  private readonly matched = new Map<string, string | undefined>();
  /** Top-level answers: a key's prefixes never change once asked (the resolve cache is then set). */
  private readonly prefixCache = new Map<string, string[]>();
  /** Router key → local path → full paths (nested: no joined string key to build and hash). */
  private readonly fullCache = new Map<string, Map<string, string[]>>();

  constructor(input: RouteGraphInput) {
    for (const r of input.routers) this.ownPrefix.set(r.key, r.prefix);
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
    let prefixes = this.prefixCache.get(key);
    if (!prefixes) {
      prefixes = this.resolve(this.match(key) ?? key, new Set());
      this.prefixCache.set(key, prefixes);
    }
    return prefixes;
  }

  /** Full paths of a route declared on router `key` with local path `path`. */
  fullPaths(key: string, path: string): string[] {
    let byPath = this.fullCache.get(key);
    if (!byPath) this.fullCache.set(key, (byPath = new Map()));
    let paths = byPath.get(path);
    if (!paths) {
      const prefixes = this.prefixesOf(key);
      paths = prefixes.length === 1 ? [joinUrl(prefixes[0], path)] : [...new Set(prefixes.map((prefix) => joinUrl(prefix, path)))].sort();
      byPath.set(path, paths);
    }
    return paths.slice();
  }

  /**
   * Whether no chain of mounts leads back to a router. Only then is every answer independent of
   * the order of questions (a cycle is cut where it is entered), so the graph may be shared.
   */
  isAcyclic(): boolean {
    const state = new Map<string, 1 | 2>(); // 1: on the current chain, 2: done
    for (const start of this.parentsOf.keys()) {
      if (state.has(start)) continue;
      const stack: { key: string; next: number }[] = [{ key: start, next: 0 }];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const parents = this.parentsOf.get(top.key) ?? [];
        if (top.next >= parents.length) {
          state.set(top.key, 2);
          stack.pop();
          continue;
        }
        const parent = parents[top.next++].parent;
        const seen = state.get(parent);
        if (seen === 1) return false;
        if (seen === undefined) {
          state.set(parent, 1);
          stack.push({ key: parent, next: 0 });
        }
      }
    }
    return true;
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

  private bySuffix(): Map<string, string[]> {
    if (this.bySuffixIndex) return this.bySuffixIndex;
    const index = new Map<string, string[]>();
    for (const key of this.ownPrefix.keys()) {
      for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
        const suffix = key.slice(dot + 1);
        const list = index.get(suffix);
        if (list) list.push(key);
        else index.set(suffix, [key]);
      }
    }
    return (this.bySuffixIndex = index);
  }

  /** The router key a name refers to: itself, the one key ending with it, or the one it ends with. */
  private match(name: string): string | undefined {
    if (this.ownPrefix.has(name)) return name;
    if (this.matched.has(name)) return this.matched.get(name);
    const candidates = new Set(this.bySuffix().get(name) ?? []);
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const tail = name.slice(dot + 1);
      if (this.ownPrefix.has(tail)) candidates.add(tail);
    }
    const result = candidates.size === 1 ? [...candidates][0] : undefined;
    this.matched.set(name, result);
    return result;
  }
}

/** Joins URL path parts with exactly one `/` between them; never a trailing slash except root. */
export function joinUrl(a: string, b: string): string {
  // Same as trimming `/+$` from a, `^/+` from b, joining with one `/`, adding a leading `/` and
  // dropping trailing ones except root; written as index scans (this runs once per route).
  let leftEnd = a.length;
  while (leftEnd > 0 && a.charCodeAt(leftEnd - 1) === 47) leftEnd--;
  let rightStart = 0;
  while (rightStart < b.length && b.charCodeAt(rightStart) === 47) rightStart++;
  const left = leftEnd === a.length ? a : a.slice(0, leftEnd);
  const right = rightStart === 0 ? b : b.slice(rightStart);
  const joined = right ? `${left}/${right}` : left;
  const withSlash = joined.charCodeAt(0) === 47 ? joined : `/${joined}`;
  if (withSlash.length <= 1) return withSlash;
  let end = withSlash.length;
  while (end > 0 && withSlash.charCodeAt(end - 1) === 47) end--;
  return end === withSlash.length ? withSlash : withSlash.slice(0, end);
}
