import { parse as parseYamlText } from 'yaml';
import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { basename, dirname, joinPath } from '../io/paths.js';
import type { LockfileModel } from '../parsers/lockfile.js';
import type { PyDependency } from '../parsers/pyproject.js';
import { hasDeploymentFiles, isNodeLibraryManifest, isPythonLibraryManifest, RUNTIME_SECTION } from './package-role.js';
import type { RequirementEntry, RequirementsModel } from '../parsers/requirements.js';

/**
 * Dependency facts across a repository: every manifest and lockfile, and which lockfile covers
 * which package folder (its own, or a workspace root's that lists it as a member). Rules feed it
 * from their visitors and ask in `done()`. Models are plain data, safe to keep until then.
 */

export const NODE_DEP_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
export type NodeDepSection = (typeof NODE_DEP_SECTIONS)[number];

export interface NodeDependency {
  name: string;
  spec: string;
  section: NodeDepSection;
  line: number;
}

export interface NodeManifest {
  path: string;
  dir: string;
  name?: string;
  deps: NodeDependency[];
  /** `workspaces` globs (array or `{packages: []}`). */
  workspaces: string[];
  scripts: Record<string, string>;
  /** Line of the `dependencies` key (or the first dependency section), for a manifest-level finding. */
  depsLine: number;
  /** A published library or CLI (not private, `exports`/`files`/`bin`…, no server dependency) in a repository that deploys nothing. */
  library: boolean;
}

/** A Python dependency from any manifest, in one shape. */
export interface PythonDependency {
  name: string;
  spec: string;
  line: number;
  pinned: boolean;
  local: boolean;
  url?: string;
  vcsRef?: string;
  syntax: 'pep440' | 'poetry';
  section: string;
  hashes: number;
  /** Environment marker (`; sys_platform == "win32"`). */
  marker?: string;
}

export interface PythonManifest {
  path: string;
  dir: string;
  format: 'pyproject' | 'pipfile' | 'requirements' | 'requirements-in';
  deps: PythonDependency[];
  projectName?: string;
  /** requirements: written by pip-compile / uv pip compile. */
  compiled?: boolean;
  /** requirements: `-c` targets, resolved against the file's folder. */
  constraints?: string[];
  uvWorkspace?: { members: string[]; exclude: string[] };
  poetry?: boolean;
  /** pyproject: a distribution with no server dependency, in a repository that deploys nothing. */
  library?: boolean;
}

export interface LockRef {
  path: string;
  dir: string;
  model: LockfileModel;
}

export class ManifestFacts {
  readonly node: NodeManifest[] = [];
  readonly python: PythonManifest[] = [];
  readonly locks: LockRef[] = [];

  private deploys?: boolean;

  constructor(private readonly inventory: Inventory) {}

  /** Read lazily: rules are created without an inventory in meta tests. */
  private deploysSomething(): boolean {
    this.deploys ??= hasDeploymentFiles(this.inventory);
    return this.deploys;
  }

  packageJson(file: ParsedFile<'package-json'>): void {
    const value = file.model.value;
    if (!isRecord(value)) return;
    const deps: NodeDependency[] = [];
    for (const section of NODE_DEP_SECTIONS) {
      const block = value[section];
      if (!isRecord(block)) continue;
      for (const [name, spec] of Object.entries(block)) {
        if (typeof spec !== 'string') continue;
        deps.push({ name, spec, section, line: file.model.lineOf([section, name]) ?? 1 });
      }
    }
    const ws = value.workspaces;
    const workspaces = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.packages) ? ws.packages : [];
    const scripts = isRecord(value.scripts)
      ? Object.fromEntries(Object.entries(value.scripts).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {};
    const firstSection = NODE_DEP_SECTIONS.find((s) => isRecord(value[s]));
    this.node.push({
      path: file.path,
      dir: dirname(file.path),
      name: typeof value.name === 'string' ? value.name : undefined,
      deps,
      workspaces: workspaces.filter((w): w is string => typeof w === 'string'),
      scripts,
      depsLine: (firstSection && file.model.lineOf([firstSection])) || 1,
      library: isNodeLibraryManifest(value) && !this.deploysSomething(),
    });
  }

  lockfile(file: ParsedFile<'lockfile'>): void {
    this.locks.push({ path: file.path, dir: dirname(file.path), model: file.model });
  }

  requirements(file: ParsedFile<'requirements'>): void {
    const model: RequirementsModel = file.model;
    const dir = dirname(file.path);
    this.python.push({
      path: file.path,
      dir,
      format: file.path.endsWith('.in') ? 'requirements-in' : 'requirements',
      deps: model.entries.filter((e) => e.name || e.url).map(fromRequirement),
      compiled: model.compiled,
      constraints: model.includes.filter((i) => i.type === 'constraint').flatMap((i) => joinPath(dir, i.target) ?? []),
    });
  }

  pyproject(file: ParsedFile<'pyproject'>): void {
    const m = file.model;
    this.python.push({
      path: file.path,
      dir: dirname(file.path),
      format: m.format,
      deps: m.dependencies.map(fromPyDependency),
      projectName: m.projectName,
      uvWorkspace: m.uvWorkspace,
      poetry: m.poetry,
      library:
        m.format === 'pyproject' &&
        isPythonLibraryManifest(m.data, m.dependencies.filter((d) => RUNTIME_SECTION.test(d.section)).map((d) => d.name)) &&
        !this.deploysSomething(),
    });
  }

  /** The Node lockfile that pins this manifest: its own folder's, or a workspace root's listing it. */
  nodeLockFor(manifest: NodeManifest): LockRef | undefined {
    const own = this.locks.find((l) => l.dir === manifest.dir && l.model.ecosystem === 'node');
    if (own) return own;
    for (const dir of ancestors(manifest.dir)) {
      const lock = this.locks.find((l) => l.dir === dir && l.model.ecosystem === 'node');
      if (!lock) continue;
      const rel = relativeTo(dir, manifest.dir);
      if (lock.model.importers.some((i) => i.dir === rel)) return lock;
      const root = this.node.find((m) => m.dir === dir);
      if (root && matchesGlobs(rel, root.workspaces)) return lock;
      if (matchesGlobs(rel, this.pnpmWorkspace(dir))) return lock;
    }
    return undefined;
  }

  /** The folder of a workspace root (package.json `workspaces`, pnpm-workspace.yaml) listing this package. */
  nodeWorkspaceRoot(manifest: NodeManifest): string | undefined {
    for (const dir of ancestors(manifest.dir)) {
      const rel = relativeTo(dir, manifest.dir);
      const root = this.node.find((m) => m.dir === dir);
      if ((root && matchesGlobs(rel, root.workspaces)) || matchesGlobs(rel, this.pnpmWorkspace(dir))) return dir;
    }
    return undefined;
  }

  /** Whether this folder is itself a workspace root (its members share its lockfile). */
  isNodeWorkspaceRoot(manifest: NodeManifest): boolean {
    return manifest.workspaces.length > 0 || this.pnpmWorkspace(manifest.dir).length > 0;
  }

  /** The folder of a uv workspace root listing this pyproject as a member. */
  uvWorkspaceRoot(manifest: PythonManifest): string | undefined {
    if (manifest.format !== 'pyproject') return undefined;
    for (const dir of ancestors(manifest.dir)) {
      const ws = this.python.find((m) => m.dir === dir && m.format === 'pyproject')?.uvWorkspace;
      if (ws && matchesGlobs(relativeTo(dir, manifest.dir), [...ws.members, ...ws.exclude.map((e) => `!${e}`)])) return dir;
    }
    return undefined;
  }

  /**
   * What pins a Python manifest: a lockfile in its folder (poetry, uv, pdm, Pipfile.lock), a uv
   * workspace root that lists it, or a compiled / fully hashed requirements file beside it.
   */
  pythonLockFor(manifest: PythonManifest): LockRef | PythonManifest | undefined {
    const own = this.locks.find((l) => l.dir === manifest.dir && l.model.ecosystem === 'python');
    if (own) return own;
    if (manifest.format === 'pyproject') {
      for (const dir of ancestors(manifest.dir)) {
        const lock = this.locks.find((l) => l.dir === dir && l.model.type === 'uv');
        if (!lock) continue;
        const rel = relativeTo(dir, manifest.dir);
        const root = this.python.find((m) => m.dir === dir && m.format === 'pyproject');
        const ws = root?.uvWorkspace;
        if (lock.model.importers.some((i) => i.dir === rel)) return lock;
        if (ws && matchesGlobs(rel, [...ws.members, ...ws.exclude.map((e) => `!${e}`)])) return lock;
      }
    }
    if (manifest.format === 'requirements') return undefined;
    return this.python.find((m) => m.dir === manifest.dir && m.format === 'requirements' && isLockLikeRequirements(m, manifest));
  }

  /** Names pinned (`==`) by the constraints files a requirements file includes with `-c`. */
  constrainedNames(manifest: PythonManifest): Set<string> {
    const names = new Set<string>();
    for (const target of manifest.constraints ?? []) {
      const constraints = this.python.find((m) => m.path === target);
      for (const dep of constraints?.deps ?? []) if (dep.pinned) names.add(dep.name);
    }
    return names;
  }

  /** `packages:` of pnpm-workspace.yaml in a folder, read from the inventory. */
  private pnpmWorkspace(dir: string): string[] {
    const text = this.inventory.text(dir ? `${dir}/pnpm-workspace.yaml` : 'pnpm-workspace.yaml');
    if (text === undefined) return [];
    try {
      const data = parseYamlText(text, { maxAliasCount: 10 });
      return isRecord(data) && Array.isArray(data.packages) ? data.packages.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }
}

/**
 * A requirements file that works as a lock for `manifest`: written by pip-compile (for a
 * requirements.in, the compiled file of the same stem), or every entry pinned with hashes.
 */
function isLockLikeRequirements(req: PythonManifest, manifest: PythonManifest): boolean {
  if (!req.deps.length) return false;
  if (manifest.format === 'requirements-in') {
    const stem = basename(manifest.path).replace(/\.in$/, '');
    if (basename(req.path) !== `${stem}.txt`) return false;
    return req.compiled === true || req.deps.every((d) => d.pinned || d.local);
  }
  return req.compiled === true || req.deps.every((d) => (d.pinned && d.hashes > 0) || d.local);
}

function fromRequirement(e: RequirementEntry): PythonDependency {
  return {
    name: e.name || e.url || '',
    spec: e.spec,
    line: e.line,
    pinned: e.pinned,
    local: e.local,
    url: e.url,
    vcsRef: e.vcsRef,
    syntax: 'pep440',
    section: 'requirements',
    hashes: e.hashes.length,
    marker: e.marker,
  };
}

function fromPyDependency(d: PyDependency): PythonDependency {
  return { name: d.name, spec: d.spec, line: d.line, pinned: d.pinned, local: d.local, url: d.url, vcsRef: d.vcsRef, syntax: d.syntax, section: d.section, hashes: 0, marker: d.marker };
}

/** Folders above `dir`, nearest first, ending with the root (''). */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  while (d) {
    d = dirname(d);
    out.push(d);
  }
  return out;
}

function relativeTo(base: string, dir: string): string {
  return base ? dir.slice(base.length + 1) : dir;
}

/** Workspace globs (`packages/*`, `apps/**`, `!packages/legacy`) against a relative folder. */
export function matchesGlobs(rel: string, globs: string[]): boolean {
  let matched = false;
  for (const raw of globs) {
    const negated = raw.startsWith('!');
    const glob = raw.replace(/^!/, '').replace(/^\.\//, '').replace(/\/+$/, '');
    if (globToRegExp(glob).test(rel)) matched = !negated;
  }
  return matched;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Server frameworks whose presence in a manifest makes the package an HTTP service. */
export const SERVER_FRAMEWORK_DEPS = new Set([
  'fastapi', 'flask', 'django', 'aiohttp', 'starlette', 'sanic', 'quart', 'tornado', 'falcon', 'litestar', 'bottle',
  'express', 'koa', 'fastify', '@nestjs/core', 'next', 'hono', '@hapi/hapi', 'restify', 'polka', 'elysia', 'h3',
]);

/** A dependency as seen across every manifest kind: where it is declared. */
export interface DeclaredDependency {
  name: string;
  path: string;
  line: number;
}

/** Every dependency every manifest declares (names as the ecosystem spells them, Python normalised). */
export function declaredDependencies(facts: ManifestFacts): DeclaredDependency[] {
  return [
    ...facts.node.flatMap((m) => m.deps.map((d) => ({ name: d.name, path: m.path, line: d.line }))),
    ...facts.python.flatMap((m) => m.deps.filter((d) => d.name && !d.local).map((d) => ({ name: d.name, path: m.path, line: d.line }))),
  ];
}
