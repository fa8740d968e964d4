/**
 * Plain-data "symbolic values" of configuration expressions, shared by the Python and JS
 * constant tables. A rule turns an AST expression into a `Sym` while the tree is alive, keeps it
 * past the visitor, and resolves it in `done()` against every module's constants: that is how
 * `allow_origins=settings.CORS_ORIGINS` meets `CORS_ORIGINS = ["*"]` two files away.
 */
export type Sym =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'list'; items: Sym[] }
  | { k: 'dict'; entries: Record<string, Sym> }
  /** A name to look up: Python `pkg.mod.NAME`, JS `path/to/file.ts#name.member`. */
  | { k: 'ref'; name: string }
  /** An environment read with its default (`os.getenv("X", "*")`, `process.env.X ?? '*'`). */
  | { k: 'env'; name: string; fallback?: Sym }
  /** `a if test else b`, `test ? a : b`, or a module-level `if test:` reassignment. */
  | { k: 'cond'; test: string; then: Sym; else: Sym }
  | { k: 'split'; of: Sym; sep: string }
  /** A call of a named function or class; resolved through `fn`/`class` table entries. */
  | { k: 'call'; fn: string }
  | { k: 'instance'; cls: string }
  | { k: 'class' }
  | { k: 'fn'; returns: Sym }
  /** A function that hands the request's Origin back (JS `origin: (o, cb) => cb(null, true)`). */
  | { k: 'reflect'; text: string }
  | { k: 'unknown'; text: string };

export type SymTable = Map<string, Sym>;

/** What a resolver reads of a table: a `SymTable`, or a view that answers names on demand. */
export interface SymLookup {
  get(name: string): Sym | undefined;
  has(name: string): boolean;
}

export const UNKNOWN_VALUE = Symbol('unknown-value');
export const REFLECT_VALUE = Symbol('reflect-origin');
export type Concrete =
  | string
  | number
  | boolean
  | null
  | typeof UNKNOWN_VALUE
  | typeof REFLECT_VALUE
  | Concrete[]
  | { [key: string]: Concrete };

/** One way a value can turn out: the value, the conditions on the way, an env default used. */
export interface Outcome {
  value: Concrete;
  /** Tests taken on the way, as written (`DEBUG`, `not DEBUG`). */
  conds: string[];
  /** Set when the value is the default of an environment variable. */
  envDefault?: string;
  /** Set when the value could not be followed (unknown origin). */
  unknownText?: string;
}

const MAX_OUTCOMES = 32;

/** Resolves refs against the table: exact name first, then the longest known prefix plus members. */
export class SymResolver {
  constructor(
    private readonly table: SymLookup,
    /** Separators between a name and a member (`.` for both languages). */
    private readonly sep = '.',
  ) {}

  lookup(name: string, depth = 0): Sym {
    if (depth > 12) return { k: 'unknown', text: name };
    const direct = this.table.get(name);
    if (direct) return this.deref(direct, depth + 1);
    // JS namespace/CommonJS module objects: `file#*` is `module.exports`; `file#*.x` is `file#x` or `file#default.x`.
    if (name.endsWith('#*') && this.table.has(`${name.slice(0, -1)}default`)) return this.lookup(`${name.slice(0, -1)}default`, depth + 1);
    const star = /^(.*#)\*\.(.+)$/.exec(name);
    if (star) {
      const named = this.lookup(`${star[1]}${star[2]}`, depth + 1);
      if (named.k !== 'unknown') return named;
      return this.lookup(`${star[1]}default.${star[2]}`, depth + 1);
    }
    const parts = name.split(this.sep);
    for (let i = parts.length - 1; i >= 1; i--) {
      const prefix = parts.slice(0, i).join(this.sep);
      if (!this.table.has(prefix) && !/#\*$/.test(prefix)) continue;
      let base: Sym = this.table.has(prefix) ? this.deref(this.table.get(prefix)!, depth + 1) : { k: 'ref', name: prefix };
      for (const member of parts.slice(i)) base = this.member(base, member, depth + 1);
      return base;
    }
    return { k: 'unknown', text: name };
  }

  /** Follows refs, calls and instances until a value that says something on its own. */
  deref(sym: Sym, depth = 0): Sym {
    if (depth > 12) return { k: 'unknown', text: 'deep' };
    if (sym.k === 'ref') return this.lookup(sym.name, depth + 1);
    if (sym.k === 'call') {
      const target = this.lookup(sym.fn, depth + 1);
      if (target.k === 'fn') return this.deref(target.returns, depth + 1);
      if (target.k === 'class') return { k: 'instance', cls: this.canonical(sym.fn, depth) };
      return { k: 'unknown', text: `${sym.fn}()` };
    }
    return sym;
  }

  /** The name a ref finally points at (following refs only), for class instances. */
  private canonical(name: string, depth: number): string {
    const direct = this.table.get(name);
    if (direct?.k === 'ref' && depth < 12) return this.canonical(direct.name, depth + 1);
    return name;
  }

  member(base: Sym, member: string, depth = 0): Sym {
    const b = this.deref(base, depth + 1);
    switch (b.k) {
      case 'instance':
        return this.lookup(`${b.cls}${this.sep}${member}`, depth + 1);
      case 'dict':
        return b.entries[member] ? this.deref(b.entries[member], depth + 1) : { k: 'unknown', text: member };
      case 'cond':
        return { k: 'cond', test: b.test, then: this.member(b.then, member, depth + 1), else: this.member(b.else, member, depth + 1) };
      case 'env':
        return { k: 'unknown', text: `${b.name}.${member}` };
      default:
        return { k: 'unknown', text: member };
    }
  }

  /** Every way a value can turn out (bounded). */
  outcomes(sym: Sym, depth = 0): Outcome[] {
    const s = this.deref(sym, depth + 1);
    switch (s.k) {
      case 'lit':
        return [{ value: s.v, conds: [] }];
      case 'reflect':
        return [{ value: REFLECT_VALUE, conds: [] }];
      case 'list': {
        let acc: Outcome[] = [{ value: [], conds: [] }];
        for (const item of s.items) {
          const next: Outcome[] = [];
          for (const a of acc) {
            for (const o of this.outcomes(item, depth + 1)) {
              next.push(merge(a, o, [...(a.value as Concrete[]), o.value]));
              if (next.length >= MAX_OUTCOMES) break;
            }
          }
          acc = next;
        }
        return acc;
      }
      case 'dict': {
        const value: Record<string, Concrete> = {};
        for (const [key, v] of Object.entries(s.entries)) {
          const first = this.outcomes(v, depth + 1)[0];
          value[key] = first ? first.value : UNKNOWN_VALUE;
        }
        return [{ value, conds: [] }];
      }
      case 'cond': {
        const then = this.outcomes(s.then, depth + 1).map((o) => ({ ...o, conds: [s.test, ...o.conds] }));
        const other = this.outcomes(s.else, depth + 1).map((o) => ({ ...o, conds: [negate(s.test), ...o.conds] }));
        return [...then, ...other].slice(0, MAX_OUTCOMES);
      }
      case 'env': {
        if (!s.fallback) return [{ value: UNKNOWN_VALUE, conds: [], unknownText: s.name }];
        return this.outcomes(s.fallback, depth + 1).map((o) => ({ ...o, envDefault: s.name }));
      }
      case 'split':
        return this.outcomes(s.of, depth + 1).map((o) => ({
          ...o,
          value: typeof o.value === 'string' ? o.value.split(s.sep).map((x) => x.trim()) : o.value,
        }));
      default:
        return [{ value: UNKNOWN_VALUE, conds: [], unknownText: s.k === 'unknown' ? s.text : s.k }];
    }
  }
}

function merge(a: Outcome, b: Outcome, value: Concrete): Outcome {
  return {
    value,
    conds: [...a.conds, ...b.conds],
    envDefault: a.envDefault ?? b.envDefault,
    unknownText: a.unknownText ?? b.unknownText,
  };
}

function negate(test: string): string {
  return test.startsWith('not ') ? test.slice(4) : test.startsWith('!') ? test.slice(1) : `not ${test}`;
}
