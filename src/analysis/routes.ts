import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { jsRoutesOf, pyRoutesOf } from './facts.js';
import type { JsRoute } from './js/routes.js';
import { ownerKey, type PyRoute } from './python/routes.js';
import { RouteGraph, type RouteGraphInput } from './route-graph.js';

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
export class RouteCollector {
  private readonly graph: RouteGraphInput = { routers: [], mounts: [] };
  private readonly pending: { key: string; route: Omit<AppRoute, 'fullPaths'> }[] = [];

  constructor(
    private readonly inventory: Inventory,
    private readonly inspect?: (route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>) => Record<string, unknown>,
  ) {}

  js(file: ParsedFile<'js'>): void {
    const facts = jsRoutesOf(file, this.inventory);
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
    const graph = new RouteGraph(this.graph);
    return this.pending.map(({ key, route }) => ({ ...route, fullPaths: graph.fullPaths(key, route.path) }));
  }
}
