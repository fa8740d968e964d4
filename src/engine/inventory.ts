import type { VendorDir } from '../io/walk.js';
import type { FileKind } from './types.js';

export interface InventoryEntry {
  path: string;
  /** Primary kind; files with none are only `text`. */
  kind?: FileKind;
  size: number;
}

/**
 * What the repository holds, answered without touching the disk: rules ask here whether a path
 * exists, what kind it is, and read the text of small files they do not parse themselves.
 */
export class Inventory {
  readonly files: readonly InventoryEntry[];
  readonly dirs: readonly string[];
  readonly vendorDirs: readonly VendorDir[];
  /** Paths a .gitignore covers (folders end in `/`): present but not committed. */
  readonly gitignored: readonly string[];
  private readonly byPath = new Map<string, InventoryEntry>();
  private readonly dirSet: Set<string>;
  private readonly texts: Map<string, string>;

  constructor(
    files: InventoryEntry[],
    dirs: string[],
    vendorDirs: VendorDir[],
    gitignored: string[],
    texts: Map<string, string>,
  ) {
    this.files = files;
    this.dirs = dirs;
    this.vendorDirs = vendorDirs;
    this.gitignored = gitignored;
    this.texts = texts;
    for (const f of files) this.byPath.set(f.path, f);
    this.dirSet = new Set(dirs);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  hasDir(path: string): boolean {
    return path === '' || this.dirSet.has(path) || this.vendorDirs.some((v) => v.path === path);
  }

  kindOf(path: string): FileKind | undefined {
    return this.byPath.get(path)?.kind;
  }

  ofKind(kind: FileKind): InventoryEntry[] {
    return this.files.filter((f) => f.kind === kind);
  }

  /** The text of a scanned file (already in memory; never read again from disk). */
  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** Whether a path (or a folder above it) is covered by a .gitignore. */
  isGitignored(path: string): boolean {
    return this.gitignored.some((g) => (g.endsWith('/') ? path === g.slice(0, -1) || path.startsWith(g) : g === path));
  }
}
