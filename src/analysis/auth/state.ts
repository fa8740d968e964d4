/**
 * Process-memory state as plain data, for the rules about users, sessions and revoked tokens kept
 * in dicts, sets and Maps: containers created at module or class level, the places functions
 * write to them, and which functions call which (by name), so that a rule can ask whether a
 * request handler reaches a write.
 */

export type StoreShape = 'dict' | 'list' | 'set' | 'map' | 'object' | 'array';

export interface StoreDef {
  file: string;
  name: string;
  /** The class that holds it (a class attribute or `self.x`/`this.x`), if any. */
  owner?: string;
  line: number;
  column: number;
  shape: StoreShape;
}

export interface StoreWrite {
  file: string;
  name: string;
  owner?: string;
  line: number;
  column: number;
  /** `add`, `set`, `append`, `[]=`… */
  op: string;
  /** Name of the nearest named enclosing function (methods: the method name). */
  fn?: string;
  /** Class of that function, when it is a method. */
  fnOwner?: string;
  /** Start lines of every enclosing function, innermost first (to match handler lines). */
  fnLines: number[];
}

export interface FnFacts {
  file: string;
  name: string;
  owner?: string;
  /** Last segments of the names it calls. */
  calls: string[];
}

export interface StateFacts {
  stores: StoreDef[];
  /** Writes to a name some store of the same file has (no other write can be to a store). */
  writes: StoreWrite[];
  functions: FnFacts[];
}

export function emptyState(): StateFacts {
  return { stores: [], writes: [], functions: [] };
}

/** Writes to a store: module stores in the same file, class stores in the same class. */
export function writesTo(state: StateFacts, store: StoreDef): StoreWrite[] {
  return state.writes.filter((w) => w.file === store.file && w.name === store.name && w.owner === store.owner);
}

/**
 * Names of functions a set of handlers reaches by calling them (by last name segment, across
 * files, a few levels deep): the handlers' own calls and what those functions call in turn.
 */
export function reachableNames(state: StateFacts, handlerCalls: Iterable<string>, depth = 3): Set<string> {
  const byName = new Map<string, FnFacts[]>();
  for (const f of state.functions) {
    const list = byName.get(f.name) ?? [];
    list.push(f);
    byName.set(f.name, list);
  }
  const reached = new Set<string>(handlerCalls);
  let frontier = [...reached];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const fn of byName.get(name) ?? []) {
        for (const c of fn.calls) {
          if (!reached.has(c)) {
            reached.add(c);
            next.push(c);
          }
        }
      }
    }
    frontier = next;
  }
  return reached;
}
