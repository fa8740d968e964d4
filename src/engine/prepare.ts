import { classify } from '../io/classify.js';
import { walk } from '../io/walk.js';
import type { Config } from './config.js';
import { Inventory, type InventoryEntry } from './inventory.js';
import type { Diagnostic, FileKind } from './types.js';

/** The repository as read once: files with their kinds and texts, and the walker's diagnostics. */
export interface PreparedTree {
  entries: InventoryEntry[];
  texts: Map<string, string>;
  inventory: Inventory;
  diagnostics: Diagnostic[];
  bytes: number;
  filesByKind: Partial<Record<FileKind, number>>;
}

export async function prepareTree(root: string, config: Config, maxFileSize: number, onFile?: (path: string, size: number) => void): Promise<PreparedTree> {
  const walked = await walk(root, { maxFileSize, ignorePaths: config.ignorePaths, onFile });
  const entries: InventoryEntry[] = [];
  const texts = new Map<string, string>();
  const filesByKind: Partial<Record<FileKind, number>> = {};
  let bytes = 0;
  for (const file of walked.files) {
    const kind = classify(file.path, file.text);
    entries.push({ path: file.path, kind, size: file.size });
    texts.set(file.path, file.text);
    bytes += file.size;
    if (kind) filesByKind[kind] = (filesByKind[kind] ?? 0) + 1;
  }
  const inventory = new Inventory(entries, walked.dirs, walked.vendorDirs, walked.gitignored, texts);
  return { entries, texts, inventory, diagnostics: [...walked.diagnostics], bytes, filesByKind };
}
