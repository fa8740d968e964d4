import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { currentRulesSection, renderRulesTable, replaceRulesSection } from '../../src/docs/rules-table.js';
import { REPO_ROOT } from '../helpers/scan.js';

describe('README rules table', () => {
  it('equals the table generated from rule meta', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const current = currentRulesSection(readme);
    expect(current, 'README.md lacks the <!-- rules:start --> / <!-- rules:end --> markers').toBeDefined();
    expect(current, 'README rules table is stale: run npm run docs').toBe(renderRulesTable(ALL_RULES));
  });

  it('lists every rule once, sorted, with its priority and area', () => {
    const table = renderRulesTable(ALL_RULES);
    const ids = [...table.matchAll(/^\| `([^`]+)` \| (P[0-3]) \| (\w+) \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(ALL_RULES.map((r) => r.meta.id).sort());
  });

  it('replaces only the text between the markers', () => {
    const readme = '# x\n\n<!-- rules:start -->\nold\n<!-- rules:end -->\n\nafter\n';
    expect(replaceRulesSection(readme, 'T')).toBe('# x\n\n<!-- rules:start -->\nT\n<!-- rules:end -->\n\nafter\n');
    expect(() => replaceRulesSection('# no markers', 'T')).toThrow(/markers/);
  });
});
