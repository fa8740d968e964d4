import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder, found the same way from sources (tests) and from dist. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'prodcheck') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('prodcheck: cannot find its own package.json');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
const MANIFEST = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
export const VERSION: string = MANIFEST.version;
/** package.json `homepage`, when set: SARIF `tool.driver.informationUri`. */
export const HOMEPAGE: string | undefined = typeof MANIFEST.homepage === 'string' ? MANIFEST.homepage : undefined;
export const TOOL_NAME = 'prodcheck';
