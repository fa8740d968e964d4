import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../engine/types.js';

/** A regular, readable, non-binary file under the root, with its decoded text. */
export interface WalkedFile {
  /** Repository-relative, `/`-separated. */
  path: string;
  absPath: string;
  size: number;
  text: string;
}

/** A dependency or build folder: recorded, never descended into. */
export interface VendorDir {
  path: string;
  /** node_modules, venv, pycache or build */
  type: 'node_modules' | 'venv' | 'pycache' | 'build';
  /** Covered by a .gitignore (so not committed). */
  ignored: boolean;
}

export interface WalkOptions {
  /** Files larger than this are skipped with a diagnostic. */
  maxFileSize: number;
  /** Extra gitignore-style patterns (config `ignorePaths`). */
  ignorePaths?: string[];
  /** Told of each file as it is read, before the walk ends (to start work that can overlap it). */
  onFile?: (path: string, size: number) => void;
}

export interface WalkResult {
  files: WalkedFile[];
  dirs: string[];
  vendorDirs: VendorDir[];
  diagnostics: Diagnostic[];
  /** Paths (files and folders) that a .gitignore covers; they are not scanned. */
  gitignored: string[];
}

const NEVER_ENTER = new Set(['.git', '.hg', '.svn']);
const VENDOR_NAMES: Record<string, VendorDir['type']> = {
  node_modules: 'node_modules',
  bower_components: 'node_modules',
  venv: 'venv',
  '.venv': 'venv',
  __pycache__: 'pycache',
  dist: 'build',
  build: 'build',
  '.next': 'build',
  '.nuxt': 'build',
  '.svelte-kit': 'build',
  vendor: 'build',
  // Copied third-party sources (Chromium/Bazel layout): not the team's code to audit.
  third_party: 'build',
  'third-party': 'build',
  thirdparty: 'build',
  '.tox': 'build',
  '.mypy_cache': 'build',
  '.pytest_cache': 'build',
  '.ruff_cache': 'build',
  coverage: 'build',
};

interface IgnoreLevel {
  /** Folder the ignore file sits in, relative to the root ('' for the root). */
  base: string;
  matcher: Ignore;
}

const BINARY_PROBE_BYTES = 8192;

/**
 * Walks synchronously on purpose: for a local tree, the sync calls answer in microseconds, while
 * awaiting each read through libuv's thread pool left the process idle for a fifth of an audit.
 */
export async function walk(root: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], dirs: [], vendorDirs: [], diagnostics: [], gitignored: [] };
  const realRoot = realpathSync(root);
  const extra = options.ignorePaths?.length ? ignore().add(options.ignorePaths) : undefined;
  const submodules = submodulePaths(readSmallText(join(realRoot, '.gitmodules')));
  walkDir(realRoot, '', [], extra, { ...options, submodules }, result);
  result.files.sort((a, b) => compareStrings(a.path, b.path));
  result.dirs.sort(compareStrings);
  result.vendorDirs.sort((a, b) => compareStrings(a.path, b.path));
  result.gitignored.sort(compareStrings);
  return result;
}

function walkDir(
  realRoot: string,
  relDir: string,
  parentLevels: IgnoreLevel[],
  extra: Ignore | undefined,
  options: WalkOptions & { submodules: Set<string> },
  result: WalkResult,
): void {
  const absDir = relDir ? join(realRoot, relDir) : realRoot;
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch (error) {
    result.diagnostics.push({ path: relDir || '.', kind: 'unreadable', message: describe(error) });
    return;
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));
  const names = new Set(entries.map((e) => e.name));
  const levels = [...parentLevels];
  for (const ignoreFile of ['.gitignore', '.prodcheckignore']) {
    if (!names.has(ignoreFile)) continue;
    const text = readSmallText(join(absDir, ignoreFile));
    if (text !== undefined) levels.push({ base: relDir, matcher: ignore().add(text) });
  }

  for (const entry of entries) {
    const relPath = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && NEVER_ENTER.has(entry.name)) continue;
    const isDir = entry.isDirectory();
    if (extra && extra.ignores(isDir ? `${relPath}/` : relPath)) continue;
    const ignoredByGit = isIgnored(levels, relPath, isDir);

    if (entry.isSymbolicLink()) {
      noteSymlink(realRoot, relPath, result);
      continue;
    }
    if (isDir) {
      const vendorType =
        VENDOR_NAMES[entry.name] ?? (options.submodules.has(relPath) ? 'build' : isVirtualenv(join(absDir, entry.name)));
      if (vendorType) {
        result.vendorDirs.push({ path: relPath, type: vendorType, ignored: ignoredByGit });
        continue;
      }
      if (ignoredByGit) {
        result.gitignored.push(`${relPath}/`);
        continue;
      }
      result.dirs.push(relPath);
      walkDir(realRoot, relPath, levels, extra, options, result);
      continue;
    }
    if (!entry.isFile()) continue; // FIFOs, sockets and devices are never opened
    if (ignoredByGit) {
      result.gitignored.push(relPath);
      continue;
    }
    readEntry(join(absDir, entry.name), relPath, options, result);
  }
}

function readEntry(absPath: string, relPath: string, options: WalkOptions, result: WalkResult): void {
  let fd: number;
  try {
    // Non-blocking, so a file swapped for a FIFO after the listing cannot hang the scan.
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    result.diagnostics.push({ path: relPath, kind: 'unreadable', message: describe(error) });
    return;
  }
  try {
    let size: number;
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return;
      size = info.size;
    } catch (error) {
      result.diagnostics.push({ path: relPath, kind: 'unreadable', message: describe(error) });
      return;
    }
    if (size > options.maxFileSize) {
      result.diagnostics.push({
        path: relPath,
        kind: 'skipped-size',
        message: `skipped: ${size} bytes is over the ${options.maxFileSize}-byte limit (--max-file-size)`,
      });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(fd);
    } catch (error) {
      result.diagnostics.push({ path: relPath, kind: 'unreadable', message: describe(error) });
      return;
    }
    if (looksBinary(bytes)) {
      result.diagnostics.push({ path: relPath, kind: 'skipped-binary', message: 'skipped: binary content' });
      return;
    }
    result.files.push({ path: relPath, absPath, size, text: decodeText(bytes) });
    options.onFile?.(relPath, size);
  } finally {
    closeSync(fd);
  }
}

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Not streaming, so it keeps no state between calls: one serves every file. */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 with the BOM dropped; invalid sequences become U+FFFD rather than failing. */
export function decodeText(bytes: Uint8Array): string {
  const text = UTF8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isIgnored(levels: IgnoreLevel[], relPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const local = level.base ? relPath.slice(level.base.length + 1) : relPath;
    const verdict = level.matcher.test(isDir ? `${local}/` : local);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** `path = external/zlib` entries of `.gitmodules`: other repositories checked out inside this one. */
function submodulePaths(text: string | undefined): Set<string> {
  const paths = new Set<string>();
  for (const match of (text ?? '').matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)) {
    paths.add(match[1].replace(/^\.\//, '').replace(/\/+$/, ''));
  }
  return paths;
}

function isVirtualenv(absDir: string): VendorDir['type'] | undefined {
  return statSync(join(absDir, 'pyvenv.cfg'), { throwIfNoEntry: false }) ? 'venv' : undefined;
}

function noteSymlink(realRoot: string, relPath: string, result: WalkResult): void {
  let target: string;
  try {
    target = realpathSync(join(realRoot, relPath));
  } catch {
    result.diagnostics.push({ path: relPath, kind: 'dangling-link', message: 'not followed: the link points nowhere' });
    return;
  }
  const inside = target === realRoot || relative(realRoot, target).split(sep)[0] !== '..';
  if (!inside) {
    result.diagnostics.push({
      path: relPath,
      kind: 'link-outside-root',
      message: 'not followed: the link points outside the scanned root',
    });
  }
  // A link inside the root is not followed either: its target is scanned in its own place,
  // and not following links is what makes loops impossible.
}

function readSmallText(absPath: string): string | undefined {
  try {
    const info = lstatSync(absPath);
    if (!info.isFile() || info.size > 1024 * 1024) return undefined;
    return decodeText(readFileSync(absPath));
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code ? `unreadable (${code})` : 'unreadable';
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
