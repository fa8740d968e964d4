import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { Inventory } from '../src/engine/inventory.js';
import { PARSE_ERROR_RULE_ID } from '../src/engine/raw.js';
import { memberPath, walk } from '../src/analysis/js/index.js';
import { parseJs } from '../src/parsers/js.js';
import { fixtureCases } from './helpers/fixtures.js';
import { REPO_ROOT } from './helpers/scan.js';

const RULES_DIR = join(REPO_ROOT, 'rules');

function ruleFiles(dir = RULES_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return ruleFiles(full);
    return name.endsWith('.ts') && name !== 'index.ts' && !name.startsWith('_') ? [full] : [];
  });
}

describe('rule meta', () => {
  const cases = fixtureCases();

  it('every rule file is listed in rules/index.ts, and nothing else is', () => {
    const fromFiles = ruleFiles()
      .map((f) => relative(RULES_DIR, f).replace(/\.ts$/, '').split('\\').join('/'))
      .sort();
    const listed = ALL_RULES.map((r) => r.meta.id).sort();
    expect(listed).toEqual(fromFiles);
  });

  for (const rule of ALL_RULES) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has an id of the form <domain>/<kebab-name>', () => {
        expect(meta.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      });

      it('has complete docs and messages in en and zh', () => {
        for (const lang of ['en', 'zh'] as const) {
          for (const field of ['title', 'why', 'risk', 'fix'] as const) {
            expect(meta.docs[lang][field].trim().length, `${lang}.${field}`).toBeGreaterThan(3);
          }
        }
        expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
        for (const [id, message] of Object.entries(meta.messages)) {
          expect(message.en.trim(), `${id}.en`).not.toBe('');
          expect(message.zh.trim(), `${id}.zh`).not.toBe('');
          expect(message.zh, `${id}.zh is translated`).toMatch(/[\u4e00-\u9fff]/);
          // A placeholder in one language must exist in the other.
          const names = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
          expect(names(message.zh), `${id} placeholders`).toEqual(names(message.en));
        }
        expect(meta.examples.bad.trim()).not.toBe('');
        expect(meta.examples.good.trim()).not.toBe('');
      });

      it('has at least one bad and one ok fixture', () => {
        const mine = cases.filter((c) => c.ruleId === meta.id);
        expect(mine.some((c) => c.name.startsWith('bad-')), 'a bad-* fixture').toBe(true);
        expect(mine.some((c) => c.name.startsWith('ok-')), 'an ok-* fixture').toBe(true);
      });

      if (meta.id !== PARSE_ERROR_RULE_ID) {
        it('listens to the kinds it declares', () => {
          const visitors = rule.create({ report() {}, inventory: new Inventory([], [], [], [], new Map()), options: {} });
          const keys = Object.keys(visitors).filter((k) => k !== 'done').sort();
          expect(keys).toEqual([...meta.kinds].sort());
        });
      }
    });
  }

  it('no rule touches the disk, the environment or the network', () => {
    const forbidden = /^(?:node:)?(?:fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|worker_threads)$/;
    const files = readdirSync(RULES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const rel of files) {
      const file = join(RULES_DIR, rel);
      const parsed = parseJs(readFileSync(file, 'utf8'), file);
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
      // Over the syntax tree, so docs and examples that mention process.env are fine.
      walk(parsed.value.ast, (node) => {
        if (node.type === 'ImportDeclaration') expect(node.source.value, file).not.toMatch(forbidden);
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
          throw new Error(`${file}:${node.loc?.start.line} calls require()`);
        }
        if (node.type === 'CallExpression' && node.callee.type === 'Import') throw new Error(`${file} uses dynamic import()`);
        if (memberPath(node as never) === 'process.env' || memberPath(node as never) === 'process.exit') {
          throw new Error(`${file}:${node.loc?.start.line} reads ${memberPath(node as never)}`);
        }
      });
    }
  });
});
