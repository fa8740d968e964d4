import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/io/classify.js';
import { REPO_ROOT, scanDir } from '../helpers/scan.js';

/**
 * Seeded mutations of the fixture files of every kind: truncations, stray brackets and quotes,
 * duplicated and dropped lines, random bytes. The scan must finish with no rule crashing.
 */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const info = statSync(full, { throwIfNoEntry: false });
    if (!info) return [];
    if (info.isDirectory()) return name === 'node_modules' ? [] : listFiles(full);
    return info.isFile() && info.size < 64 * 1024 ? [full] : [];
  });
}

const NOISE = ['{', '}', '[', ']', '(', ')', '"', "'", '`', ':', '\n', '\t', '\\', '${', '#', '*', '<<', '&a', '\u0000', '\uFFFD', ' '.repeat(9)];

function mutate(text: string, random: () => number): string {
  const lines = text.split('\n');
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, Math.floor(random() * text.length));
    case 1: {
      const at = Math.floor(random() * (text.length + 1));
      return text.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)] + text.slice(at);
    }
    case 2: {
      const i = Math.floor(random() * lines.length);
      lines.splice(i, 0, ...lines.slice(i, i + 3));
      return lines.join('\n');
    }
    case 3:
      lines.splice(Math.floor(random() * lines.length), 1 + Math.floor(random() * 3));
      return lines.join('\n');
    case 4: {
      const chars = [...text];
      for (let n = 0; n < 5 && chars.length; n++) chars[Math.floor(random() * chars.length)] = NOISE[Math.floor(random() * NOISE.length)];
      return chars.join('');
    }
    default:
      return lines.reverse().join('\n');
  }
}

const temp = mkdtempSync(join(tmpdir(), 'prodcheck-fuzz-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('fuzzed fixtures', () => {
  const sources = listFiles(join(REPO_ROOT, 'fixtures')).filter((f) => !f.includes(`${join('fixtures', 'robustness')}`));
  const byKind = new Map<string, string[]>();
  for (const file of sources) {
    const kind = classify(relative(REPO_ROOT, file), readFileSync(file, 'utf8')) ?? 'text';
    byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
  }

  it('has fixture files of many kinds to mutate', () => {
    expect([...byKind.keys()].length).toBeGreaterThanOrEqual(6);
  });

  const ROUNDS = 12;
  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round}: the scan finishes without a rule crash`, async () => {
      const random = rng(1000 + round);
      const dir = join(temp, `round-${round}`);
      for (const [, files] of [...byKind.entries()].sort()) {
        for (let n = 0; n < 3; n++) {
          const source = files[Math.floor(random() * files.length)];
          const target = join(dir, `m${n}`, relative(join(REPO_ROOT, 'fixtures'), source));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, mutate(readFileSync(source, 'utf8'), random));
        }
      }
      const result = await scanDir(dir);
      const crashes = result.diagnostics.filter((d) => d.kind === 'rule-crash');
      expect(crashes).toEqual([]);
      expect(result.stats.files).toBeGreaterThan(0);
    });
  }
});
