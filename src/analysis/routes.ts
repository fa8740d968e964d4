import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { jsRoutesOf, pyRoutesOf } from './facts.js';
import type { JsRoute } from './js/routes.js';
import { ownerKey, type PyRoute } from './python/routes.js';
import { RouteGraph, type RouteGraphInput } from './route-graph.js';
import { Memo } from './memo.js';

/** A route of the application with every full path it is served under. Plain data. */
export interface AppRoute {
  language: 'python' | 'js';
  framework: string;
  methods: string[];
  /** Local path as declared. */
  path: string;
  /** Full paths after router prefixes and mounts (usually one). */
  fullPaths: string[];
  file: string;
  line: number;
  handlerName?: string;
  handlerLine?: number;
  guards: string[];
  /** Whatever a rule recorded about the handler while its AST was alive. */
  notes: Record<string, unknown>;
}

/**
 * Collects routes from every JS and Python file during the visit and resolves their full paths in
 * `done()`. `inspect` runs while the handler's AST is alive and returns plain notes to keep.
 */
/**
 * Resolved graphs of a scan, by the route facts they were built from: collectors fed the same
 * routers and mounts (in the same order) share one graph and its caches instead of rebuilding it.
 */
const sharedGraphs = new WeakMap<Inventory, { sources: number[]; graph: RouteGraph }[]>();

/** A number per file's route facts: collectors remember these, not the facts (whose handlers hold trees). */
const factIds = new Memo<object, number>();
let nextFactId = 0;
function factId(facts: object): number {
  let id = factIds.get(facts);
  if (id === undefined) factIds.set(facts, (id = nextFactId++));
  return id;
}

function sameSources(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RouteCollector {
  private readonly graph: RouteGraphInput = { routers: [], mounts: [] };
  /** The per-file route facts (one object per parsed file) that added routers or mounts, in order. */
  private readonly sources: number[] = [];
  private readonly pending: { key: string; route: Omit<AppRoute, 'fullPaths'> }[] = [];

  constructor(
    private readonly inventory: Inventory,
    private readonly inspect?: (route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>) => Record<string, unknown>,
  ) {}

  js(file: ParsedFile<'js'>): void {
    const facts = jsRoutesOf(file, this.inventory);
    if (facts.routers.length || facts.mounts.length) this.sources.push(factId(facts));
    for (const r of facts.routers) this.graph.routers.push({ key: r.key, prefix: r.prefix });
    this.graph.mounts.push(...facts.mounts);
    for (const route of facts.routes) {
      this.pending.push({
        key: route.owner,
        route: {
          language: 'js',
          framework: route.framework,
          methods: route.methods,
          path: route.path,
          file: file.path,
          line: route.line,
          handlerLine: route.handlerLine,
          guards: route.guards,
          notes: this.inspect?.(route, file) ?? {},
        },
      });
    }
  }

  python(file: ParsedFile<'python'>): void {
    const facts = pyRoutesOf(file);
    if (facts.routers.length || facts.mounts.length) this.sources.push(factId(facts));
    for (const r of facts.routers) this.graph.routers.push({ key: ownerKey(file.path, r.name), prefix: r.prefix });
    for (const m of facts.mounts) {
      this.graph.mounts.push({ parent: ownerKey(file.path, m.parent), child: m.child, prefix: m.prefix });
    }
    for (const route of facts.routes) {
      this.pending.push({
        key: ownerKey(file.path, route.owner),
        route: {
          language: 'python',
          framework: route.framework,
          methods: route.methods,
          path: route.path,
          file: file.path,
          line: route.line,
          handlerName: route.handlerName,
          handlerLine: route.handlerLine,
          guards: route.guards,
          notes: this.inspect?.(route, file) ?? {},
        },
      });
    }
  }

  /** Every route with its full paths; call from `done()`. */
  resolve(): AppRoute[] {
    const graph = this.resolvedGraph();
    // Literals in the order `{ ...route, fullPaths }` gave (JS routes have no handlerName key).
    return this.pending.map(({ key, route }) => {
      const fullPaths = graph.fullPaths(key, route.path);
      const { language, framework, methods, path, file, line, handlerLine, guards, notes } = route;
      return 'handlerName' in route
        ? { language, framework, methods, path, file, line, handlerName: route.handlerName, handlerLine, guards, notes, fullPaths }
        : { language, framework, methods, path, file, line, handlerLine, guards, notes, fullPaths };
    });
  }

  /**
   * The graph of this collector's routers and mounts: one already built from the same facts when
   * it has no cycle (then its answers do not depend on who asked first), else a fresh one.
   */
  private resolvedGraph(): RouteGraph {
    let shared = sharedGraphs.get(this.inventory);
    if (!shared) sharedGraphs.set(this.inventory, (shared = []));
    const found = shared.find((s) => sameSources(s.sources, this.sources));
    if (found) return found.graph;
    const graph = new RouteGraph(this.graph);
    if (graph.isAcyclic()) shared.push({ sources: this.sources.slice(), graph });
    return graph;
  }
}
