import { parse as parseToml, TomlError } from 'smol-toml';
import { isImmutableRef, normalizePythonName, parseRequirement } from './requirements.js';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

/** A dependency declared in pyproject.toml (PEP 621, Poetry, uv, dependency groups) or a Pipfile. */
export interface PyDependency {
  /** Normalised (PEP 503). */
  name: string;
  rawName: string;
  /** The constraint as written: a PEP 440 specifier, a Poetry constraint (`^1.2`) or `*`. */
  spec: string;
  /** How to read `spec`: PEP 440, or Poetry's (where a bare `1.2.3` is exact and `^`/`~` exist). */
  syntax: 'pep440' | 'poetry';
  /** The table the dependency is declared in, e.g. `project.dependencies`, `tool.poetry.group.dev.dependencies`, `packages`. */
  section: string;
  /** 1-based, found by searching the section's text (smol-toml keeps no positions). */
  line: number;
  /** One exact version, an immutable VCS ref or a fixed archive URL. */
  pinned: boolean;
  url?: string;
  /** VCS reference (`rev`, `tag`, `branch`, or the `@ref` of a URL); '' when none. */
  vcsRef?: string;
  /** Code in the repository (`path = "../lib"`, `file:`), never downloaded. */
  local: boolean;
  marker?: string;
}

export interface PyprojectModel {
  format: 'pyproject' | 'pipfile';
  /** `[project].name` or `[tool.poetry].name`, normalised. */
  projectName?: string;
  dependencies: PyDependency[];
  /** `[tool.poetry]` is present. */
  poetry: boolean;
  /** `[tool.uv]` is present. */
  uv: boolean;
  /** `[tool.uv.workspace].members` / `exclude` globs, relative to this file's folder. */
  uvWorkspace?: { members: string[]; exclude: string[] };
  /** The whole document, for facts this model does not name. */
  data: Record<string, unknown>;
}

export function parsePyproject(text: string, path: string): ParseResult<PyprojectModel> {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return fail(errorMessage(error).replace(/^Invalid TOML document: /, 'invalid TOML: '), error instanceof TomlError ? error.line : undefined);
  }
  const finder = new LineFinder(text);
  const isPipfile = /(?:^|\/)Pipfile$/.test(path);
  const dependencies = isPipfile ? pipfileDependencies(data, finder) : pyprojectDependencies(data, finder);
  const project = table(data.project);
  const tool = table(data.tool);
  const poetry = table(tool?.poetry);
  const uv = table(tool?.uv);
  const workspace = table(uv?.workspace);
  const name = str(project?.name) ?? str(poetry?.name);
  return ok({
    format: isPipfile ? 'pipfile' : 'pyproject',
    projectName: name ? normalizePythonName(name) : undefined,
    dependencies,
    poetry: poetry !== undefined,
    uv: uv !== undefined,
    uvWorkspace: workspace ? { members: strings(workspace.members), exclude: strings(workspace.exclude) } : undefined,
    data,
  });
}

function pyprojectDependencies(data: Record<string, unknown>, finder: LineFinder): PyDependency[] {
  const deps: PyDependency[] = [];
  const project = table(data.project);
  if (project) {
    deps.push(...pep508List(project.dependencies, 'project', 'project.dependencies', finder));
    for (const [group, list] of Object.entries(table(project['optional-dependencies']) ?? {})) {
      deps.push(...pep508List(list, 'project.optional-dependencies', `project.optional-dependencies.${group}`, finder));
    }
  }
  for (const [group, list] of Object.entries(table(data['dependency-groups']) ?? {})) {
    deps.push(...pep508List(list, 'dependency-groups', `dependency-groups.${group}`, finder));
  }
  const tool = table(data.tool);
  const uv = table(tool?.uv);
  if (uv) deps.push(...pep508List(uv['dev-dependencies'], 'tool.uv', 'tool.uv.dev-dependencies', finder));
  const poetry = table(tool?.poetry);
  if (poetry) {
    deps.push(...keyedDependencies(poetry.dependencies, 'tool.poetry.dependencies', 'poetry', finder));
    deps.push(...keyedDependencies(poetry['dev-dependencies'], 'tool.poetry.dev-dependencies', 'poetry', finder));
    for (const [group, body] of Object.entries(table(poetry.group) ?? {})) {
      const section = `tool.poetry.group.${group}.dependencies`;
      deps.push(...keyedDependencies(table(body)?.dependencies, section, 'poetry', finder));
    }
  }
  return deps;
}

function pipfileDependencies(data: Record<string, unknown>, finder: LineFinder): PyDependency[] {
  return [
    ...keyedDependencies(data.packages, 'packages', 'pipfile', finder),
    ...keyedDependencies(data['dev-packages'], 'dev-packages', 'pipfile', finder),
  ];
}

/** PEP 508 strings in an array (`dependencies = ["fastapi>=0.110"]`). */
function pep508List(list: unknown, table: string, section: string, finder: LineFinder): PyDependency[] {
  if (!Array.isArray(list)) return [];
  const out: PyDependency[] = [];
  for (const item of list) {
    if (typeof item !== 'string') continue; // `{include-group = "…"}` in dependency groups
    const line = finder.stringLine(table, item);
    const req = parseRequirement(item.trim(), line);
    if (!req || !req.name) continue;
    out.push({
      name: req.name,
      rawName: req.rawName,
      spec: req.spec,
      syntax: 'pep440',
      section,
      line,
      pinned: req.pinned,
      url: req.url,
      vcsRef: req.vcsRef,
      local: req.local,
      marker: req.marker,
    });
  }
  return out;
}

/** `name = "constraint"` or `name = { version = …, git = …, path = … }` (Poetry, Pipfile). */
function keyedDependencies(body: unknown, section: string, flavour: 'poetry' | 'pipfile', finder: LineFinder): PyDependency[] {
  const out: PyDependency[] = [];
  for (const [rawName, value] of Object.entries(table(body) ?? {})) {
    if (flavour === 'poetry' && rawName.toLowerCase() === 'python') continue; // the interpreter, not a package
    const line = finder.keyLine(section, rawName);
    const base = { name: normalizePythonName(rawName), rawName, section, line, syntax: flavour === 'poetry' ? ('poetry' as const) : ('pep440' as const) };
    // Several constraints for several markers: pinned only if every one is.
    const variants = Array.isArray(value) ? value : [value];
    const facts = variants.map((v) => constraintFacts(v, flavour));
    out.push({
      ...base,
      spec: facts.map((f) => f.spec).join(' | '),
      pinned: facts.length > 0 && facts.every((f) => f.pinned),
      local: facts.some((f) => f.local),
      url: facts.find((f) => f.url)?.url,
      vcsRef: facts.find((f) => f.vcsRef !== undefined)?.vcsRef,
      marker: facts.find((f) => f.marker)?.marker,
    });
  }
  return out;
}

interface ConstraintFacts {
  spec: string;
  pinned: boolean;
  local: boolean;
  url?: string;
  vcsRef?: string;
  marker?: string;
}

function constraintFacts(value: unknown, flavour: 'poetry' | 'pipfile'): ConstraintFacts {
  if (typeof value === 'string') return { spec: value.trim(), pinned: isPinnedConstraint(value, flavour), local: false };
  const t = table(value);
  if (!t) return { spec: '', pinned: false, local: false };
  const marker = str(t.markers);
  if (typeof t.path === 'string' || typeof t.file === 'string') return { spec: '', pinned: true, local: true, url: str(t.path) ?? str(t.file), marker };
  for (const vcs of ['git', 'hg', 'svn', 'bzr']) {
    if (typeof t[vcs] !== 'string') continue;
    const ref = str(t.rev) ?? str(t.tag) ?? str(t.ref) ?? '';
    // A branch moves by definition, even when it looks like a version.
    const pinned = t.branch === undefined && ref !== '' && (t.rev !== undefined || t.tag !== undefined || isImmutableRef(ref));
    return { spec: '', pinned, local: false, url: str(t[vcs]), vcsRef: str(t.branch) ?? ref, marker };
  }
  if (typeof t.url === 'string') return { spec: '', pinned: true, local: false, url: t.url, marker };
  const version = str(t.version) ?? '*';
  return { spec: version.trim(), pinned: isPinnedConstraint(version, flavour), local: false, marker };
}

function isPinnedConstraint(spec: string, flavour: 'poetry' | 'pipfile'): boolean {
  const s = spec.trim();
  if (/^={2,3}\s*[^*\s,]+$/.test(s)) return true;
  // Poetry reads a bare version as `==` (Pipfile as well, through pip's specifier set it is invalid).
  return flavour === 'poetry' && /^\d+(?:\.\d+)*(?:[a-z]+\d*)?$/i.test(s);
}

/** Finds the line of a dependency within its TOML table by searching the text. */
class LineFinder {
  private readonly lines: string[];
  private readonly tables: { name: string; start: number; end: number }[] = [];

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
    let current: { name: string; start: number; end: number } | undefined;
    this.lines.forEach((line, i) => {
      const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
      if (!header) return;
      if (current) current.end = i;
      current = { name: header[1].replace(/["'\s]/g, ''), start: i, end: this.lines.length };
      this.tables.push(current);
    });
  }

  /** Line of a string item (`"fastapi>=0.110"`) inside `table` (or a sub-table of it). */
  stringLine(tableName: string, value: string): number {
    const needles = [`"${value}"`, `'${value}'`];
    return this.search(tableName, (line) => needles.some((n) => line.includes(n)));
  }

  /** Line of `name = …` inside `table`. */
  keyLine(tableName: string, key: string): number {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^\\s*["']?${escaped}["']?\\s*=`, 'i');
    const dotted = new RegExp(`(?:^|\\.)["']?${escaped}["']?\\s*=`, 'i');
    return this.search(tableName, (line) => re.test(line) || dotted.test(line));
  }

  private search(tableName: string, match: (line: string) => boolean): number {
    // The table itself first, then its sub-tables and parents (dotted keys can declare it there).
    const ranges = [
      ...this.tables.filter((t) => t.name === tableName),
      ...this.tables.filter((t) => t.name.startsWith(`${tableName}.`) || tableName.startsWith(`${t.name}.`)),
    ];
    for (const r of ranges) {
      for (let i = r.start + 1; i < r.end; i++) if (match(this.lines[i])) return i + 1;
    }
    const anywhere = this.lines.findIndex(match);
    if (anywhere >= 0) return anywhere + 1;
    return ranges.length ? ranges[0].start + 1 : 1;
  }
}

function table(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
