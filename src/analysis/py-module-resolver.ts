/**
 * `apis.chat.router` → the file of `apis.chat` (or `backend/apis/chat.py` for a src layout), for
 * many look-ups against one module index that no longer changes: each module's dotted suffixes are
 * indexed once (a scan of the index per name grew with files × calls). The answer is an exact
 * module name first, else the one module whose name ends with `.name`, none when several do.
 */
export function pyModuleResolver(index: ReadonlyMap<string, string>): (target: string) => string | undefined {
  /** Suffix after a dot → the path of the only module ending so, or null when several do. */
  const bySuffix = new Map<string, string | null>();
  for (const [module, path] of index) {
    for (let dot = module.indexOf('.'); dot >= 0; dot = module.indexOf('.', dot + 1)) {
      const suffix = module.slice(dot + 1);
      bySuffix.set(suffix, bySuffix.has(suffix) ? null : path);
    }
  }
  const cache = new Map<string, string | undefined>();
  const resolve = (target: string): string | undefined => {
    const parts = target.split('.');
    for (let n = parts.length; n > 0; n--) {
      const name = parts.slice(0, n).join('.');
      const exact = index.get(name);
      if (exact) return exact;
      if (n < 2) continue;
      const found = bySuffix.get(name);
      if (found === null) return undefined;
      if (found) return found;
    }
    return undefined;
  };
  return (target) => {
    if (cache.has(target)) return cache.get(target);
    const path = resolve(target);
    cache.set(target, path);
    return path;
  };
}
