import type { Inventory } from '../../src/engine/inventory.js';
import type { ParsedFile } from '../../src/engine/types.js';
import { buildNginxConfig, type NginxConfig, type NginxSource } from '../../src/analysis/nginx.js';

/** Collects every nginx file during the visit; `config()` in `done()` resolves them together. */
export class NginxFiles {
  readonly sources: NginxSource[] = [];

  constructor(private readonly inventory: Inventory) {}

  visit = (file: ParsedFile<'nginx'>): void => {
    this.sources.push({ path: file.path, model: file.model });
  };

  config(): NginxConfig {
    return buildNginxConfig(this.sources, this.inventory);
  }
}

/** Reports once per written line, though an included file may be expanded in several places. */
export function oncePerLine(): (node: { file: string; line: number }) => boolean {
  const seen = new Set<string>();
  return (node) => {
    const key = `${node.file}:${node.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
