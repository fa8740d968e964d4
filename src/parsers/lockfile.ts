import * as yarnLockfile from '@yarnpkg/lockfile';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYamlText } from 'yaml';
import { lineAt } from './json.js';
import { normalizePythonName } from './requirements.js';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

// A CommonJS bundle: Node's ESM loader exposes it as `default`, bundlers and vitest by name.
const yarnModule = yarnLockfile as unknown as { parse?: typeof yarnLockfile.parse; default?: { parse?: typeof yarnLockfile.parse } };
const parseYarnV1 = (yarnModule.parse ?? yarnModule.default?.parse)!;

export type LockfileType = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm' | 'bun' | 'poetry' | 'uv' | 'pipenv' | 'pdm';

/** A project the lockfile resolves: the root, or a workspace member. */
export interface LockImporter {
  /** Folder relative to the lockfile's folder; '' is the lockfile's own folder. */
  dir: string;
  /** Declared range per dependency, where the lockfile records it (npm v2+, pnpm, bun, yarn berry). */
  specs: Map<string, string>;
  /** Version installed for that project's direct dependency, where the lockfile records it. */
  versions: Map<string, string>;
}

/** What a lockfile records, as plain data (it crosses threads). */
export interface LockfileData {
  type: LockfileType;
  ecosystem: 'node' | 'python';
  /** Package name (Python names normalised) → every version locked (nested copies give several). */
  packages: Map<string, string[]>;
  importers: LockImporter[];
}

export interface LockfileModel extends LockfileData {
  /** 1-based line of a package's entry, by searching the text; undefined when not found. */
  lineOf(name: string): number | undefined;
}

export function lockfileType(path: string, text: string): LockfileType | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  switch (name) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return 'npm';
    case 'yarn.lock':
      return /^__metadata:/m.test(text) ? 'yarn-berry' : 'yarn';
    case 'pnpm-lock.yaml':
      return 'pnpm';
    case 'bun.lock':
      return 'bun';
    case 'poetry.lock':
      return 'poetry';
    case 'uv.lock':
      return 'uv';
    case 'Pipfile.lock':
      return 'pipenv';
    case 'pdm.lock':
      return 'pdm';
    default:
      return undefined;
  }
}

/**
 * npm and Pipenv lockfiles are strict JSON, which the built-in parser reads several times faster
 * than jsonc-parser; jsonc-parser stays the fallback, for its error offsets.
 */
function strictJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseLockfile(text: string, path: string): ParseResult<LockfileModel> {
  const data = readLockfile(text, path);
  return data.ok ? { ...data, value: lockfileModel(data.value, text) } : data;
}

/** The parse without the text: what a parser thread hands back. */
export function readLockfile(text: string, path: string): ParseResult<LockfileData> {
  const type = lockfileType(path, text);
  if (!type) return fail('not a known lockfile');
  const builder = new Builder(type);
  try {
    switch (type) {
      case 'npm':
      case 'pipenv':
      case 'bun': {
        const data = type === 'bun' ? undefined : strictJson(text);
        const errors: ParseError[] = [];
        const parsed = data ?? parseJsonc(text, errors, { allowTrailingComma: true });
        if (errors.length || !isRecord(parsed)) return fail(`invalid JSON (error code ${errors[0]?.error ?? '?'})`, lineAt(text, errors[0]?.offset ?? 0));
        if (type === 'npm') readNpm(parsed, builder);
        else if (type === 'bun') readBun(parsed, builder);
        else readPipfileLock(parsed, builder);
        break;
      }
      case 'yarn': {
        const result = parseYarnV1(text);
        if (result.type === 'conflict') return fail('yarn.lock holds unresolved merge conflicts');
        readYarnV1(result.object, builder);
        break;
      }
      case 'yarn-berry':
      case 'pnpm': {
        const data = parseYamlText(text, { maxAliasCount: 100, uniqueKeys: false });
        if (!isRecord(data)) return fail('invalid YAML lockfile');
        if (type === 'pnpm') readPnpm(data, builder);
        else readYarnBerry(data, builder);
        break;
      }
      default: {
        let data: Record<string, unknown>;
        try {
          data = parseToml(text) as Record<string, unknown>;
        } catch (error) {
          return fail(errorMessage(error).replace(/^Invalid TOML document: /, 'invalid TOML: '), error instanceof TomlError ? error.line : undefined);
        }
        readTomlPackages(data, builder);
      }
    }
  } catch (error) {
    return fail(errorMessage(error));
  }
  return ok(builder.build());
}

class Builder {
  readonly packages = new Map<string, string[]>();
  readonly importers = new Map<string, LockImporter>();
  constructor(readonly type: LockfileType) {}

  add(rawName: string, version: unknown): void {
    if (!rawName || typeof version !== 'string' || !version) return;
    const name = this.type === 'npm' || this.type === 'yarn' || this.type === 'yarn-berry' || this.type === 'pnpm' || this.type === 'bun' ? rawName : normalizePythonName(rawName);
    const list = this.packages.get(name) ?? [];
    if (!list.includes(version)) list.push(version);
    this.packages.set(name, list);
  }

  importer(dir: string): LockImporter {
    const key = dir === '.' ? '' : dir.replace(/^\.\//, '').replace(/\/$/, '');
    let imp = this.importers.get(key);
    if (!imp) {
      imp = { dir: key, specs: new Map(), versions: new Map() };
      this.importers.set(key, imp);
    }
    return imp;
  }

  build(): LockfileData {
    const type = this.type;
    return {
      type,
      ecosystem: type === 'poetry' || type === 'uv' || type === 'pipenv' || type === 'pdm' ? 'python' : 'node',
      packages: this.packages,
      importers: [...this.importers.values()],
    };
  }
}

/** The data with line lookup in its text. */
export function lockfileModel(data: LockfileData, text: string): LockfileModel {
  // Split on first use: most lockfiles are never asked for a line, and they are the largest files.
  let lines: string[] | undefined;
  return {
    ...data,
    lineOf(name: string) {
      const needles = entryNeedles(data.type, name);
      lines ??= text.split(/\r?\n/);
      const i = lines.findIndex((l) => needles.some((n) => (typeof n === 'string' ? l.includes(n) : n.test(l))));
      return i >= 0 ? i + 1 : undefined;
    },
  };
}

function entryNeedles(type: LockfileType, name: string): (string | RegExp)[] {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  switch (type) {
    case 'npm':
      return [`"node_modules/${name}"`, new RegExp(`^\\s{4}"${esc}": \\{`)];
    case 'yarn':
    case 'yarn-berry':
      return [new RegExp(`^"?${esc}@`)];
    case 'pnpm':
      return [new RegExp(`^\\s+'?/?${esc}[@/]`)];
    case 'bun':
      return [`"${name}": [`];
    case 'pipenv':
      return [`"${name}": {`];
    default:
      // TOML `name = "…"` in a [[package]] block; names there may use `_` or `.` for `-`.
      return [new RegExp(`^name\\s*=\\s*"${esc.replace(/\\-|-/g, '[-_.]')}"`, 'i')];
  }
}

const NODE_DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

function readNpm(data: Record<string, unknown>, b: Builder): void {
  const packages = record(data.packages);
  if (packages) {
    for (const [key, value] of Object.entries(packages)) {
      const entry = record(value);
      if (!entry) continue;
      const at = key.lastIndexOf('node_modules/');
      if (at < 0) {
        const imp = b.importer(key);
        for (const field of NODE_DEP_FIELDS) {
          for (const [name, spec] of Object.entries(record(entry[field]) ?? {})) if (typeof spec === 'string') imp.specs.set(name, spec);
        }
        continue;
      }
      if (entry.link) continue; // a workspace member linked in, not a download
      b.add(key.slice(at + 'node_modules/'.length), entry.version);
    }
    // The version a project sees: its own node_modules first, then the hoisted one.
    for (const imp of b.importers.values()) {
      for (const name of imp.specs.keys()) {
        const own = record(packages[`${imp.dir ? `${imp.dir}/` : ''}node_modules/${name}`]);
        const hoisted = record(packages[`node_modules/${name}`]);
        const version = (own ?? hoisted)?.version;
        if (typeof version === 'string') imp.versions.set(name, version);
      }
    }
    return;
  }
  // lockfileVersion 1: a nested `dependencies` tree; the top level is what the root sees.
  const root = b.importer('');
  const walkV1 = (deps: Record<string, unknown> | undefined, top: boolean): void => {
    for (const [name, value] of Object.entries(deps ?? {})) {
      const entry = record(value);
      if (!entry) continue;
      b.add(name, entry.version);
      if (top && typeof entry.version === 'string') root.versions.set(name, entry.version);
      walkV1(record(entry.dependencies), false);
    }
  };
  walkV1(record(data.dependencies), true);
}

function readYarnV1(object: Record<string, { version?: string }>, b: Builder): void {
  for (const [key, entry] of Object.entries(object)) {
    b.add(key.slice(0, nameEnd(key)), entry?.version);
  }
}

function readYarnBerry(data: Record<string, unknown>, b: Builder): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === '__metadata') continue;
    const entry = record(value);
    if (!entry) continue;
    const resolution = typeof entry.resolution === 'string' ? entry.resolution : key.split(',')[0].trim();
    const name = resolution.slice(0, nameEnd(resolution));
    const protocol = resolution.slice(name.length + 1);
    if (protocol.startsWith('workspace:')) {
      const imp = b.importer(protocol.slice('workspace:'.length));
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const [dep, spec] of Object.entries(record(entry[field]) ?? {})) {
          if (typeof spec === 'string') imp.specs.set(dep, spec.replace(/^npm:/, ''));
        }
      }
      continue;
    }
    b.add(name, entry.version);
  }
}

function readPnpm(data: Record<string, unknown>, b: Builder): void {
  const importers = record(data.importers) ?? { '.': data };
  for (const [dir, value] of Object.entries(importers)) {
    const project = record(value);
    if (!project) continue;
    const imp = b.importer(dir);
    const v5Specifiers = record(project.specifiers) ?? {};
    for (const field of NODE_DEP_FIELDS) {
      for (const [name, dep] of Object.entries(record(project[field]) ?? {})) {
        const detail = record(dep);
        const spec = detail ? detail.specifier : v5Specifiers[name];
        const version = detail ? detail.version : dep;
        if (typeof spec === 'string') imp.specs.set(name, spec);
        if (typeof version === 'string' && !version.startsWith('link:')) {
          const clean = stripPeerSuffix(version);
          imp.versions.set(name, clean);
          b.add(name, clean);
        }
      }
    }
  }
  const v5 = String(data.lockfileVersion ?? '').startsWith('5');
  for (const section of ['packages', 'snapshots']) {
    for (const key of Object.keys(record(data[section]) ?? {})) {
      const parsed = pnpmPackageKey(key, v5);
      if (parsed) b.add(parsed.name, parsed.version);
    }
  }
}

/** `/foo/1.2.3_peer` (v5), `/foo@1.2.3(peer)` (v6), `foo@1.2.3(peer)` (v9), scoped alike. */
function pnpmPackageKey(key: string, v5: boolean): { name: string; version: string } | undefined {
  const k = key.replace(/^\//, '').replace(/\(.*$/, '');
  if (v5) {
    const segments = k.split('/');
    const nameLength = k.startsWith('@') ? 2 : 1;
    if (segments.length <= nameLength) return undefined;
    return { name: segments.slice(0, nameLength).join('/'), version: stripPeerSuffix(segments[nameLength]) };
  }
  const at = k.lastIndexOf('@');
  if (at > 0) return { name: k.slice(0, at), version: stripPeerSuffix(k.slice(at + 1)) };
  const slash = k.lastIndexOf('/');
  if (slash > 0) return { name: k.slice(0, slash), version: stripPeerSuffix(k.slice(slash + 1)) };
  return undefined;
}

function stripPeerSuffix(version: string): string {
  return version.replace(/\(.*$/, '').replace(/_.*$/, '');
}

function readBun(data: Record<string, unknown>, b: Builder): void {
  for (const [dir, value] of Object.entries(record(data.workspaces) ?? {})) {
    const ws = record(value);
    if (!ws) continue;
    const imp = b.importer(dir);
    for (const field of NODE_DEP_FIELDS) {
      for (const [name, spec] of Object.entries(record(ws[field]) ?? {})) if (typeof spec === 'string') imp.specs.set(name, spec);
    }
  }
  for (const value of Object.values(record(data.packages) ?? {})) {
    if (!Array.isArray(value) || typeof value[0] !== 'string') continue;
    const ident = value[0];
    const end = nameEnd(ident);
    const version = ident.slice(end + 1);
    if (version.startsWith('workspace:')) continue;
    b.add(ident.slice(0, end), version);
  }
}

function readPipfileLock(data: Record<string, unknown>, b: Builder): void {
  for (const section of ['default', 'develop']) {
    for (const [name, value] of Object.entries(record(data[section]) ?? {})) {
      const version = record(value)?.version;
      b.add(name, typeof version === 'string' ? version.replace(/^={2,3}/, '') : 'unversioned');
    }
  }
}

function readTomlPackages(data: Record<string, unknown>, b: Builder): void {
  const packages = Array.isArray(data.package) ? data.package : [];
  for (const value of packages) {
    const pkg = record(value);
    if (!pkg || typeof pkg.name !== 'string') continue;
    b.add(pkg.name, typeof pkg.version === 'string' ? pkg.version : 'unversioned');
    // uv records workspace members (and the root project) by their source folder.
    const source = record(pkg.source);
    const dir = source && (typeof source.editable === 'string' ? source.editable : typeof source.virtual === 'string' ? source.virtual : undefined);
    if (b.type === 'uv' && dir !== undefined) b.importer(dir);
  }
}

/** Where the name of `name@range` / `@scope/name@range` ends. */
function nameEnd(spec: string): number {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? spec.length : at;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return record(value) !== undefined;
}
