import { describe, expect, it } from 'vitest';
import { Memo } from '../../src/analysis/memo.js';

describe('Memo', () => {
  it('answers like a WeakMap for plain and frozen keys', () => {
    const memo = new Memo<object, number>();
    const plain = {};
    const frozen = Object.freeze({});
    expect(memo.has(plain)).toBe(false);
    expect(memo.get(plain)).toBeUndefined();
    memo.set(plain, 1).set(frozen, 2);
    expect([memo.get(plain), memo.get(frozen)]).toEqual([1, 2]);
    expect([memo.has(plain), memo.has(frozen)]).toEqual([true, true]);
    memo.set(plain, 3);
    expect(memo.get(plain)).toBe(3);
  });

  it('keeps two memos on one key apart, and a stored undefined is still an entry', () => {
    const a = new Memo<object, string | undefined>();
    const b = new Memo<object, string | undefined>();
    const key = {};
    a.set(key, 'a');
    b.set(key, undefined);
    expect(a.get(key)).toBe('a');
    expect(b.has(key)).toBe(true);
    expect(b.get(key)).toBeUndefined();
  });

  it('leaves no trace in what a key enumerates or serialises', () => {
    const memo = new Memo<object, number>();
    const node = { type: 'Identifier', name: 'x' };
    memo.set(node, 1);
    expect(Object.keys(node)).toEqual(['type', 'name']);
    expect(JSON.stringify(node)).toBe('{"type":"Identifier","name":"x"}');
    const inKeys: string[] = [];
    for (const k in node) inKeys.push(k);
    expect(inKeys).toEqual(['type', 'name']);
  });
});
