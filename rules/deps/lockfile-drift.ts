import semver from 'semver';
import { counted, translated } from '../../src/engine/message-words.js';
import { defineRule } from '../../src/engine/rule.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { classifyNodeSpec } from '../../src/analysis/dep-specs.js';
import { ManifestFacts, type LockRef } from '../../src/analysis/manifests.js';
import { isExamplePath } from '../../src/io/paths.js';

const MAX_EVIDENCE = 25;
const MAX_NAMED = 6;

interface Drift {
  line: number;
  text: { en: string; zh: string };
}

function missing(name: string): Drift['text'] {
  return { en: `\`${name}\` is missing from the lockfile`, zh: `锁文件中缺少 \`${name}\`` };
}

function lockedAt(name: string, spec: string, versions: string[]): Drift['text'] {
  return { en: `\`${name} ${spec}\` is locked at ${versions.join(', ')}`, zh: `\`${name} ${spec}\` 被锁定为 ${versions.join('、')}` };
}

export default defineRule({
  meta: {
    id: 'deps/lockfile-drift',
    priority: 'P2',
    category: 'dependencies',
    kinds: ['package-json', 'lockfile', 'requirements', 'pyproject'],
    messages: {
      drift: {
        en: '`{{file}}` and its lockfile `{{lockfile}}` disagree ({{places}}): {{list}}.',
        zh: '`{{file}}` 与其锁文件 `{{lockfile}}` 不一致（{{places}}）：{{list}}。',
      },
    },
    docs: {
      en: {
        title: 'Lockfile out of date with the manifest',
        why: 'A dependency was added or its range changed in the manifest without regenerating the lockfile.',
        risk: '`npm ci` / `pnpm install --frozen-lockfile` / `uv sync --locked` fail in CI or the image build, or a plain install rewrites the lock and deploys versions nobody tested.',
        fix: 'Run the package manager once (`npm install`, `pnpm install`, `yarn`, `uv lock`, `poetry lock`) and commit the updated lockfile; make CI install with the frozen/locked flag so drift fails early.',
      },
      zh: {
        title: '锁文件与依赖清单不一致',
        why: '在清单中新增了依赖或修改了版本范围，但没有重新生成锁文件。',
        risk: 'CI 或镜像构建中的 `npm ci` / `pnpm install --frozen-lockfile` / `uv sync --locked` 会失败；或者普通安装改写锁文件，部署未经测试的版本。',
        fix: '执行一次包管理器（`npm install`、`pnpm install`、`yarn`、`uv lock`、`poetry lock`）并提交更新后的锁文件；CI 使用冻结/锁定参数安装，让不一致尽早暴露。',
      },
    },
    examples: {
      bad: '// package.json\n"express": "^5.0.0"\n// package-lock.json\n"node_modules/express": { "version": "4.19.2" }',
      good: '// package.json\n"express": "^5.0.0"\n// package-lock.json\n"node_modules/express": { "version": "5.0.1" }',
    },
    refs: ['https://docs.npmjs.com/cli/commands/npm-ci', 'https://docs.astral.sh/uv/concepts/projects/sync/#checking-if-the-lockfile-is-up-to-date'],
  },
  create(ctx) {
    const facts = new ManifestFacts(ctx.inventory);

    function report(file: string, lock: LockRef, drifts: Drift[]): void {
      if (!drifts.length) return;
      const shown = drifts.slice(0, MAX_NAMED).map((d) => d.text);
      const more = drifts.length - shown.length;
      const list = translated(
        shown.map((t) => t.en).join('; ') + (more ? `; and ${more} more` : ''),
        shown.map((t) => t.zh).join('；') + (more ? `；另有 ${more} 处` : ''),
      );
      const evidence: EvidenceInput[] = drifts.slice(0, MAX_EVIDENCE).map((d) => ({ path: file, line: d.line }));
      evidence.push({ path: lock.path });
      const places = counted(drifts.length, 'difference', 'differences', '处');
      ctx.report({ messageId: 'drift', data: { file, lockfile: lock.path, places, list }, evidence });
    }

    return {
      'package-json': (file) => facts.packageJson(file),
      lockfile: (file) => facts.lockfile(file),
      requirements: (file) => facts.requirements(file),
      pyproject: (file) => facts.pyproject(file),
      done() {
        // Workspace siblings resolve to the local package, never to the lockfile's registry entries.
        const workspaceNames = new Set(facts.node.map((m) => m.name).filter((n): n is string => !!n));
        for (const manifest of facts.node) {
          const lock = facts.nodeLockFor(manifest);
          if (!lock || isExamplePath(manifest.path)) continue;
          const rel = lock.dir ? manifest.dir.slice(lock.dir.length + 1) : manifest.dir;
          const importer = lock.model.importers.find((i) => i.dir === rel);
          const drifts: Drift[] = [];
          for (const dep of manifest.deps) {
            if (workspaceNames.has(dep.name)) continue;
            const spec = classifyNodeSpec(dep.name, dep.spec);
            if (spec.kind === 'local') continue;
            const recorded = importer?.versions.get(dep.name);
            const versions = recorded ? [recorded] : (lock.model.packages.get(dep.name) ?? lock.model.packages.get(spec.lockName ?? dep.name));
            if (!versions?.length) {
              // Optional packages for other platforms may be left out of a lock; do not guess.
              if (dep.section !== 'optionalDependencies') drifts.push({ line: dep.line, text: missing(dep.name) });
              continue;
            }
            const range = spec.range && semver.validRange(spec.range, { loose: true });
            if (!range) continue;
            const checkable = versions.filter((v) => semver.valid(v, { loose: true }));
            if (!checkable.length) continue;
            if (checkable.some((v) => semver.satisfies(v, range, { loose: true, includePrerelease: true }))) continue;
            drifts.push({ line: dep.line, text: lockedAt(dep.name, dep.spec, checkable) });
          }
          report(manifest.path, lock, drifts);
        }
        for (const manifest of facts.python) {
          if (manifest.format !== 'pyproject' && manifest.format !== 'pipfile') continue;
          const lock = facts.pythonLockFor(manifest);
          if (!lock || !('model' in lock) || isExamplePath(manifest.path)) continue;
          const drifts: Drift[] = [];
          for (const dep of manifest.deps) {
            // Local code is not in the lock's registry entries; marker-guarded deps may be platform-specific.
            if (dep.local || !dep.name || dep.marker || dep.name === manifest.projectName) continue;
            const versions = lock.model.packages.get(dep.name);
            if (!versions) {
              drifts.push({ line: dep.line, text: missing(dep.name) });
              continue;
            }
            const exact = exactPythonVersion(dep.spec, dep.syntax);
            if (exact && !versions.some((v) => samePythonVersion(v, exact))) {
              drifts.push({ line: dep.line, text: lockedAt(dep.name, dep.spec, versions) });
            }
          }
          report(manifest.path, lock, drifts);
        }
      },
    };
  },
});

/** The one version an exact Python constraint names (`==1.2.3`, Poetry's bare `1.2.3`). */
function exactPythonVersion(spec: string, syntax: 'pep440' | 'poetry'): string | undefined {
  const s = spec.trim();
  const m = /^={2,3}\s*([^*\s,]+)$/.exec(s) ?? (syntax === 'poetry' ? /^(\d+(?:\.\d+)*)$/.exec(s) : null);
  return m?.[1];
}

/** PEP 440 treats `1.2` and `1.2.0` as equal. */
function samePythonVersion(a: string, b: string): boolean {
  const norm = (v: string) => v.toLowerCase().replace(/^v/, '').replace(/(?:\.0)+$/, '');
  return norm(a) === norm(b);
}
