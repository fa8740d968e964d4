import { defineRule } from '../../src/engine/rule.js';
import type { Inventory } from '../../src/engine/inventory.js';
import { basename, dirname } from '../../src/io/paths.js';

/** Caches and framework output: never source, whatever sits beside them. */
const ALWAYS_OUTPUT = new Set(['.next', '.nuxt', '.svelte-kit', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache']);
/** Names that are build output only next to a project that builds them. */
const OUTPUT_BESIDE_MANIFEST = new Set(['dist', 'build', 'coverage']);
const MANIFESTS = ['package.json', 'pyproject.toml', 'setup.py', 'setup.cfg'];
const MAX_EVIDENCE = 25;

export default defineRule({
  meta: {
    id: 'repo/committed-build-output',
    priority: 'P3',
    category: 'dependencies',
    kinds: [],
    messages: {
      output: {
        en: '`{{dir}}` looks like build output or a tool cache and is committed (no .gitignore covers it).',
        zh: '`{{dir}}` 看起来是构建产物或工具缓存，却被提交到仓库（没有 .gitignore 规则忽略它）。',
      },
      pycache: {
        en: 'Compiled Python caches are committed ({{count}} `__pycache__/` folders, first `{{dir}}`).',
        zh: '提交了 Python 编译缓存（{{count}} 个 `__pycache__/` 目录，首个为 `{{dir}}`）。',
      },
    },
    docs: {
      en: {
        title: 'Build output or caches committed',
        why: '`dist/`, `build/`, `.next/`, `__pycache__/` and tool caches are produced from the source; committing them duplicates the source in a form nobody reviews.',
        risk: 'Stale output ships when someone forgets to rebuild, diffs and merges get noisy, and the deployed artifact may not match the reviewed code.',
        fix: 'Delete the folder from git, add it to .gitignore, and build it in CI or the Dockerfile. If a folder is deliberately committed (a GitHub Action\'s `dist/`), add a suppression with the reason.',
      },
      zh: {
        title: '构建产物或缓存被提交',
        why: '`dist/`、`build/`、`.next/`、`__pycache__/` 与各类工具缓存都由源码生成；提交它们等于以无人审查的形式复制了一份源码。',
        risk: '忘记重新构建时会上线过期产物，diff 与合并充满噪音，部署的产物可能与审查过的代码不一致。',
        fix: '从 git 中删除该目录并加入 .gitignore，在 CI 或 Dockerfile 中构建。若是有意提交（如 GitHub Action 的 `dist/`），请加抑制并写明原因。',
      },
    },
    examples: { bad: 'frontend/dist/      (tracked)\napp/__pycache__/   (tracked)', good: '# .gitignore\ndist/\n__pycache__/\n.next/' },
  },
  create(ctx) {
    return {
      done() {
        const pycache: string[] = [];
        for (const dir of ctx.inventory.vendorDirs) {
          if (dir.ignored) continue;
          if (dir.type === 'pycache') {
            pycache.push(dir.path);
            continue;
          }
          if (dir.type !== 'build' || !isBuildOutput(dir.path, ctx.inventory)) continue;
          ctx.report({ messageId: 'output', data: { dir: `${dir.path}/` }, evidence: [{ path: dir.path }] });
        }
        if (pycache.length) {
          ctx.report({
            messageId: 'pycache',
            data: { count: pycache.length, dir: `${pycache[0]}/` },
            evidence: pycache.slice(0, MAX_EVIDENCE).map((path) => ({ path })),
          });
        }
      },
    };
  },
});

function isBuildOutput(path: string, inventory: Inventory): boolean {
  const name = basename(path);
  if (ALWAYS_OUTPUT.has(name)) return true;
  if (!OUTPUT_BESIDE_MANIFEST.has(name)) return false; // vendor/ is Go or PHP vendoring, on purpose
  const parent = dirname(path);
  const inParent = (file: string) => (parent ? `${parent}/${file}` : file);
  if (!MANIFESTS.some((m) => inventory.has(inParent(m)))) return false;
  // A GitHub/JS action must commit its bundled dist/ — the runner executes it from the repository.
  if (inventory.has(inParent('action.yml')) || inventory.has(inParent('action.yaml'))) return false;
  // Older front ends keep their build scripts in build/ (`node build/build.js`): that is source.
  const pkg = inventory.text(inParent('package.json'));
  if (pkg && new RegExp(`(?:^|[\\s"'=./])${name}/[\\w.-]+\\.(?:[cm]?js|ts|sh|py)\\b`).test(scriptsText(pkg))) return false;
  return true;
}

function scriptsText(packageJson: string): string {
  try {
    const value = JSON.parse(packageJson) as { scripts?: Record<string, unknown> };
    return Object.values(value.scripts ?? {}).filter((s) => typeof s === 'string').join('\n');
  } catch {
    return '';
  }
}
