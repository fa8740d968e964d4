import { defineRule } from '../../src/engine/rule.js';
import { classifyNodeSpec } from '../../src/analysis/dep-specs.js';
import { ManifestFacts, type PythonManifest } from '../../src/analysis/manifests.js';
import { isExamplePath } from '../../src/io/paths.js';
import { counted, translated } from '../../src/engine/message-words.js';
import type { MessageValue } from '../../src/engine/types.js';

const depsCount = (n: number) => counted(n, 'dependency', 'dependencies', '个依赖');

function expectedPythonLock(m: PythonManifest): MessageValue {
  if (m.format === 'pipfile') return '`Pipfile.lock`';
  if (m.format === 'requirements-in') {
    const txt = m.path.replace(/^.*\//, '').replace(/\.in$/, '.txt');
    return translated(`\`${txt}\` compiled by pip-compile`, `由 pip-compile 生成的 \`${txt}\``);
  }
  if (m.poetry) return '`poetry.lock`';
  return translated(
    '`uv.lock`, `poetry.lock`, `pdm.lock` or a `requirements.txt` from `pip-compile --generate-hashes`',
    '`uv.lock`、`poetry.lock`、`pdm.lock`，或由 `pip-compile --generate-hashes` 生成的 `requirements.txt`',
  );
}

/** Users of a library resolve its ranges in their own lockfile; a lockfile here only makes its CI reproducible. */
const LIBRARY_GRADE = {
  priority: 'P3' as const,
  reason: 'a published library or CLI that deploys nothing: its users pin its dependencies, the lockfile only fixes its own CI',
};

export default defineRule({
  meta: {
    id: 'deps/missing-lockfile',
    priority: 'P1',
    category: 'dependencies',
    kinds: ['package-json', 'lockfile', 'requirements', 'pyproject'],
    messages: {
      node: {
        en: '`{{file}}` declares {{deps}} but no lockfile covers it (expected `package-lock.json`, `pnpm-lock.yaml`, `yarn.lock` or `bun.lock` beside it or at its workspace root).',
        zh: '`{{file}}` 声明了 {{deps}}，但没有锁文件覆盖它（应在同目录或工作区根目录提交 `package-lock.json`、`pnpm-lock.yaml`、`yarn.lock` 或 `bun.lock`）。',
      },
      python: {
        en: '`{{file}}` declares {{deps}} but has no lockfile (expected {{expected}}).',
        zh: '`{{file}}` 声明了 {{deps}}，但缺少 Python 锁文件（应提交 {{expected}}）。',
      },
    },
    docs: {
      en: {
        title: 'No lockfile for a dependency manifest',
        why: 'A manifest lists direct dependencies and their ranges; only a lockfile records the exact version of every direct and transitive package that was tested.',
        risk: 'Each install resolves the dependency tree again: builds are not reproducible, a transitive release can break production, and a rollback does not restore the old code.',
        fix: 'Generate and commit the lockfile of your package manager (`npm install`, `pnpm install`, `uv lock`, `poetry lock`, `pipenv lock`, `pip-compile --generate-hashes`) and install from it in CI and images (`npm ci`, `uv sync --frozen`).',
      },
      zh: {
        title: '依赖清单缺少锁文件',
        why: '依赖清单只列出直接依赖及其版本范围；只有锁文件记录了经过测试的每个直接与传递依赖的确切版本。',
        risk: '每次安装都会重新解析依赖树：构建不可复现，某个传递依赖的新版本就可能导致线上故障，回滚也无法恢复旧代码。',
        fix: '用包管理器生成并提交锁文件（`npm install`、`pnpm install`、`uv lock`、`poetry lock`、`pipenv lock`、`pip-compile --generate-hashes`），并在 CI 和镜像中按锁文件安装（`npm ci`、`uv sync --frozen`）。',
      },
    },
    examples: {
      bad: 'frontend/package.json   (no package-lock.json)\npyproject.toml          (no uv.lock / poetry.lock)',
      good: 'frontend/package.json + frontend/package-lock.json\npyproject.toml + uv.lock',
    },
    refs: ['https://docs.npmjs.com/cli/commands/npm-ci', 'https://docs.astral.sh/uv/concepts/projects/sync/'],
  },
  create(ctx) {
    const facts = new ManifestFacts(ctx.inventory);
    return {
      'package-json': (file) => facts.packageJson(file),
      lockfile: (file) => facts.lockfile(file),
      requirements: (file) => facts.requirements(file),
      pyproject: (file) => facts.pyproject(file),
      done() {
        for (const manifest of facts.node) {
          if (isExamplePath(manifest.path) || facts.nodeLockFor(manifest)) continue;
          // A workspace member shares its root's lockfile: the root is the one to report.
          if (facts.nodeWorkspaceRoot(manifest) !== undefined) continue;
          let count = manifest.deps.filter((d) => classifyNodeSpec(d.name, d.spec).kind !== 'local').length;
          if (facts.isNodeWorkspaceRoot(manifest)) {
            for (const member of facts.node) {
              if (member !== manifest && facts.nodeWorkspaceRoot(member) === manifest.dir) {
                count += member.deps.filter((d) => classifyNodeSpec(d.name, d.spec).kind !== 'local').length;
              }
            }
          }
          if (!count) continue;
          ctx.report({
            messageId: 'node',
            data: { file: manifest.path, deps: depsCount(count) },
            evidence: [{ path: manifest.path, line: manifest.depsLine }],
            ...(manifest.library ? LIBRARY_GRADE : {}),
          });
        }
        for (const manifest of facts.python) {
          // A plain requirements.txt is its own lock when pinned; deps/unpinned judges it.
          if (manifest.format === 'requirements' || isExamplePath(manifest.path)) continue;
          if (facts.pythonLockFor(manifest) || facts.uvWorkspaceRoot(manifest) !== undefined) continue;
          const deps = manifest.deps.filter((d) => !d.local);
          let count = deps.length;
          if (manifest.uvWorkspace) {
            for (const member of facts.python) {
              if (member !== manifest && facts.uvWorkspaceRoot(member) === manifest.dir) count += member.deps.filter((d) => !d.local).length;
            }
          }
          if (!count) continue;
          ctx.report({
            messageId: 'python',
            data: { file: manifest.path, deps: depsCount(count), expected: expectedPythonLock(manifest) },
            evidence: [{ path: manifest.path, line: deps[0]?.line ?? 1 }],
            ...(manifest.library ? LIBRARY_GRADE : {}),
          });
        }
      },
    };
  },
});
