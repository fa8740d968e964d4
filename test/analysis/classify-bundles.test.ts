import { describe, expect, it } from 'vitest';
import { classify } from '../../src/io/classify.js';

describe('generated bundles are text, not JS', () => {
  it('recognises bundler names, runtimes and minified files', () => {
    expect(classify('public/js/app.bundle.js', 'eval(x);\n')).toBeUndefined();
    expect(classify('static/js/main.3f2a1b9c.js', 'eval(x);\n')).toBeUndefined();
    expect(classify('dist/js/chunk-vendors.5e1f0a2b.js', 'eval(x);\n')).toBeUndefined();
    expect(classify('public/app.js', '/******/ (() => { // webpackBootstrap\n/******/ var __webpack_require__ = {};\n')).toBeUndefined();
    expect(classify('public/app.js', `!function(){${'var a=1;'.repeat(1000)}}();\n`)).toBeUndefined();
  });

  it('keeps hand-written sources, migrations and long data lines beside code', () => {
    expect(classify('src/chunk-utils.js', 'export const chunk = (a, n) => a;\n')).toBe('js');
    expect(classify('migrations/20240101120000-create-user.js', 'module.exports = {};\n')).toBe('js');
    const code = `${'const x = 1;\n'.repeat(200)}const logo = "${'A'.repeat(6000)}";\n`;
    expect(classify('src/logo.js', code)).toBe('js');
  });
});
