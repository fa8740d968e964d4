import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { dirname, isExamplePath, isTestPath } from '../io/paths.js';
import { moduleNameOf } from './python/index.js';
import { jsModuleFacts, pyModuleFacts, type ModuleFacts } from './module-facts.js';
import { pyModuleResolver } from './py-module-resolver.js';

/**
 * Decisions of a scan's scopes by the modules they recorded: a decision is a function of the
 * recorded modules (path → facts, facts shared per parsed file) alone, so scopes that recorded the
 * same ones (most rules record every module) decide once.
 */
const decisions = new WeakMap<Inventory, { modules: Map<string, ModuleFacts>; decided: Set<string> }[]>();

function sameModules(a: ReadonlyMap<string, ModuleFacts>, b: ReadonlyMap<string, ModuleFacts>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, facts] of a) if (b.get(path) !== facts) return false;
  return true;
}

const PY_PROJECT_MARKERS = /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile)$/;

/**
 * Which code is a server — the one notion every rule shares: a module that imports a web
 * framework or declares routes, a module marked server-side (`'use server'`, `server-only`,
 * `next/server`), every other module of the same project (nearest package.json / Python project
 * file) unless only browser code imports it, and every module server code imports (relative and
 * tsconfig path-alias imports) — minus scripts, CLIs, build config, migrations, front-end code,
 * tests and examples. Record files in the visitors, ask in `done()`.
 */
export class ServerScope {
  private readonly modules = new Map<string, ModuleFacts>();
  private decided?: Set<string>;

  constructor(private readonly inventory: Inventory) {}

  python(file: ParsedFile<'python'>): ModuleFacts {
    const facts = pyModuleFacts(file);
    this.modules.set(file.path, facts);
    return facts;
  }

  js(file: ParsedFile<'js'>): ModuleFacts {
    const facts = jsModuleFacts(file, this.inventory);
    this.modules.set(file.path, facts);
    return facts;
  }

  facts(path: string): ModuleFacts | undefined {
    return this.modules.get(path);
  }

  /** Whether a recorded module is part of a running service. */
  isServerCode(path: string): boolean {
    this.decided ??= this.sharedDecision();
    return this.decided.has(path);
  }

  /** The project folder a module belongs to ('' for the repository root). */
  projectOf(path: string, language: 'python' | 'js'): string {
    const start = dirname(path);
    const cache = language === 'js' ? this.jsProjects : this.pyProjects;
    let project = cache.get(start);
    if (project === undefined) cache.set(start, (project = this.findProject(start, language)));
    return project;
  }

  /** Project folder by module folder, per language (the inventory does not change during a scan). */
  private readonly jsProjects = new Map<string, string>();
  private readonly pyProjects = new Map<string, string>();

  private findProject(start: string, language: 'python' | 'js'): string {
    for (let dir = start; ; dir = dirname(dir)) {
      const prefix = dir ? `${dir}/` : '';
      if (language === 'js' && this.inventory.has(`${prefix}package.json`)) return dir;
      if (language === 'python' && this.pyMarkerDirs().has(dir)) return dir;
      if (!dir) return '';
    }
  }

  /** Server projects: project folder → the modules that make it one (entry files first). */
  serverProjects(language: 'python' | 'js'): Map<string, ModuleFacts[]> {
    const out = new Map<string, ModuleFacts[]>();
    for (const m of this.modules.values()) {
      if (m.language !== language || !m.serverModule || !this.eligible(m)) continue;
      const project = this.projectOf(m.path, language);
      const list = out.get(project) ?? [];
      list.push(m);
      out.set(project, list);
    }
    for (const list of out.values()) list.sort((a, b) => Number(b.appLine !== undefined) - Number(a.appLine !== undefined) || a.path.localeCompare(b.path));
    return out;
  }

  private markerDirs?: Set<string>;
  private pyMarkerDirs(): Set<string> {
    if (!this.markerDirs) {
      this.markerDirs = new Set();
      for (const f of this.inventory.files) {
        const name = f.path.slice(f.path.lastIndexOf('/') + 1);
        if (PY_PROJECT_MARKERS.test(name)) this.markerDirs.add(dirname(f.path));
      }
    }
    return this.markerDirs;
  }

  private eligible(m: ModuleFacts): boolean {
    return !m.scriptLike && !m.frontEnd && !isTestPath(m.path) && !isExamplePath(m.path);
  }

  private sharedDecision(): Set<string> {
    let known = decisions.get(this.inventory);
    if (!known) decisions.set(this.inventory, (known = []));
    const found = known.find((d) => sameModules(d.modules, this.modules));
    if (found) return found.decided;
    const decided = this.decide();
    known.push({ modules: new Map(this.modules), decided });
    return decided;
  }

  private decide(): Set<string> {
    const server = new Set<string>();
    const projects = new Set<string>();
    for (const m of this.modules.values()) {
      if (m.serverModule && this.eligible(m)) projects.add(`${m.language}:${this.projectOf(m.path, m.language)}`);
    }
    const seeds = [...this.modules.values()].filter((m) => this.eligible(m) && (m.serverModule || m.serverMarked));
    // In a full-stack project (Next.js, Nuxt) a helper only browser code imports is browser code.
    const fromServer = this.reach(seeds);
    const fromBrowser = this.reach([...this.modules.values()].filter((m) => m.frontEnd));
    const queue: ModuleFacts[] = [];
    for (const m of this.modules.values()) {
      if (!this.eligible(m)) continue;
      const projectMate = projects.has(`${m.language}:${this.projectOf(m.path, m.language)}`) && !(fromBrowser.has(m.path) && !fromServer.has(m.path));
      if (m.serverModule || m.serverMarked || projectMate) {
        server.add(m.path);
        queue.push(m);
      }
    }
    // Modules imported by server code are server code too (a shared package of a monorepo).
    for (const path of this.reach(queue)) server.add(path);
    return server;
  }

  /** Eligible modules reachable from `start` through imports (the start modules included). */
  private reach(start: ModuleFacts[]): Set<string> {
    this.pyIndex ??= this.pythonModuleIndex();
    this.resolvePy ??= pyModuleResolver(this.pyIndex);
    const seen = new Set(start.map((m) => m.path));
    const queue = [...start];
    while (queue.length) {
      const m = queue.pop()!;
      for (const target of m.imports) {
        const path = m.language === 'js' ? target : this.resolvePy(target);
        const dep = path ? this.modules.get(path) : undefined;
        if (dep && !seen.has(dep.path) && this.eligible(dep)) {
          seen.add(dep.path);
          queue.push(dep);
        }
      }
    }
    return seen;
  }

  private pyIndex?: Map<string, string>;
  /** Module look-ups over `pyIndex`, indexed once: a scan per import grew with files × imports. */
  private resolvePy?: (target: string) => string | undefined;
  private pythonModuleIndex(): Map<string, string> {
    const index = new Map<string, string>();
    for (const m of this.modules.values()) if (m.language === 'python') index.set(moduleNameOf(m.path), m.path);
    return index;
  }
}
