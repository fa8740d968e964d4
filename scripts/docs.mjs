// Regenerates the rules table in README.md from rule meta (`npm run docs`, after a build).
// An optional argument names another compiled tree (default: dist/ beside this script).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const { ALL_RULES } = await import(pathToFileURL(join(dist, 'rules', 'index.js')).href);
const { renderRulesTable, replaceRulesSection } = await import(pathToFileURL(join(dist, 'src', 'docs', 'rules-table.js')).href);

const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceRulesSection(before, renderRulesTable(ALL_RULES));
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README.md rules table is up to date' : `README.md rules table updated (${ALL_RULES.length} rules)`);
