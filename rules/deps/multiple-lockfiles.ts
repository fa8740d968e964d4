import { defineRule } from '../../src/engine/rule.js';
import { basename, dirname } from '../../src/io/paths.js';

/** Lockfile name → the package manager that owns it, per ecosystem. */
const LOCKS: Record<string, { manager: string; ecosystem: 'node' | 'python' }> = {
  'package-lock.json': { manager: 'npm', ecosystem: 'node' },
  'npm-shrinkwrap.json': { manager: 'npm', ecosystem: 'node' },
  'yarn.lock': { manager: 'yarn', ecosystem: 'node' },
  'pnpm-lock.yaml': { manager: 'pnpm', ecosystem: 'node' },
  'bun.lock': { manager: 'bun', ecosystem: 'node' },
  'bun.lockb': { manager: 'bun', ecosystem: 'node' },
  'poetry.lock': { manager: 'Poetry', ecosystem: 'python' },
  'uv.lock': { manager: 'uv', ecosystem: 'python' },
  'Pipfile.lock': { manager: 'Pipenv', ecosystem: 'python' },
  'pdm.lock': { manager: 'PDM', ecosystem: 'python' },
};

export default defineRule({
  meta: {
    id: 'deps/multiple-lockfiles',
    priority: 'P3',
    category: 'dependencies',
    kinds: [],
    messages: {
      several: {
        en: '{{where}} holds lockfiles of several package managers ({{files}}): which one is the truth depends on who runs the install.',
        zh: '{{where}}中同时存在多个包管理器的锁文件（{{files}}）：实际安装哪套版本取决于执行安装的人。',
      },
    },
    docs: {
      en: {
        title: 'More than one lockfile for one package',
        why: 'Each package manager reads only its own lockfile; the others drift silently as dependencies change.',
        risk: 'Developers, CI and the image build may install different versions of the same dependency tree.',
        fix: 'Choose one package manager, delete the other lockfiles, and pin the choice (`packageManager` in package.json, `only-allow`, a CI check).',
      },
      zh: {
        title: '同一项目存在多个锁文件',
        why: '每个包管理器只读取自己的锁文件，其他锁文件会随着依赖变更悄然过期。',
        risk: '开发者、CI 与镜像构建可能安装同一依赖树的不同版本。',
        fix: '选定一个包管理器，删除其他锁文件，并固定这一选择（package.json 的 `packageManager`、`only-allow`、CI 检查）。',
      },
    },
    examples: { bad: 'package-lock.json\nyarn.lock', good: 'pnpm-lock.yaml   (and "packageManager": "pnpm@9.1.0")' },
    refs: ['https://nodejs.org/api/corepack.html'],
  },
  create(ctx) {
    return {
      done() {
        const byDir = new Map<string, string[]>();
        for (const file of ctx.inventory.files) {
          if (!LOCKS[basename(file.path)]) continue;
          const dir = dirname(file.path);
          byDir.set(dir, [...(byDir.get(dir) ?? []), file.path]);
        }
        for (const [dir, paths] of byDir) {
          for (const ecosystem of ['node', 'python'] as const) {
            const mine = paths.filter((p) => LOCKS[basename(p)].ecosystem === ecosystem);
            if (new Set(mine.map((p) => LOCKS[basename(p)].manager)).size < 2) continue;
            ctx.report({
              messageId: 'several',
              data: {
                where: dir && dir !== '.' ? { en: `\`${dir}\``, zh: `\`${dir}\` ` } : { en: 'The repository root', zh: '仓库根目录' },
                files: mine.map((f) => `\`${basename(f)}\``),
              },
              evidence: mine.map((path) => ({ path })),
            });
          }
        }
      },
    };
  },
});
