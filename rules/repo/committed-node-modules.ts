import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'repo/committed-node-modules',
    priority: 'P1',
    category: 'dependencies',
    kinds: [],
    messages: {
      nodeModules: {
        en: '`{{dir}}` (installed Node packages) is in the repository and no .gitignore covers it.',
        zh: '`{{dir}}`（安装后的 Node 依赖）被提交到仓库中，且没有 .gitignore 规则忽略它。',
      },
      venv: {
        en: '`{{dir}}` (a Python virtual environment) is in the repository and no .gitignore covers it.',
        zh: '`{{dir}}`（Python 虚拟环境）被提交到仓库中，且没有 .gitignore 规则忽略它。',
      },
    },
    docs: {
      en: {
        title: 'Installed dependencies committed to the repository',
        why: '`node_modules/` and virtual environments are install output: platform-specific binaries, thousands of files, and versions that no manifest or lockfile explains.',
        risk: 'The repository bloats, native modules built for a developer machine break on the server, builds mix committed and installed packages, and vulnerable code hides where no scanner looks.',
        fix: 'Remove the folder from git (`git rm -r --cached node_modules`), add it to .gitignore (`node_modules/`, `.venv/`, `venv/`) and install from the lockfile in CI and the image.',
      },
      zh: {
        title: '依赖安装产物被提交到仓库',
        why: '`node_modules/` 与虚拟环境都是安装产物：包含平台相关的二进制、成千上万个文件，以及清单和锁文件都无法说明的版本。',
        risk: '仓库膨胀；在开发机上编译的原生模块在服务器上无法运行；构建混用提交的包和安装的包；存在漏洞的代码藏在扫描工具看不到的地方，安全与维护成本提升。',
        fix: '从 git 中移除该目录（`git rm -r --cached node_modules`），加入 .gitignore（`node_modules/`、`.venv/`、`venv/`），在 CI 和镜像中按锁文件安装。',
      },
    },
    examples: { bad: 'frontend/node_modules/   (tracked, not in .gitignore)', good: '# .gitignore\nnode_modules/\n.venv/' },
    refs: ['https://git-scm.com/docs/gitignore'],
  },
  create(ctx) {
    return {
      done() {
        for (const dir of ctx.inventory.vendorDirs) {
          if (dir.ignored || (dir.type !== 'node_modules' && dir.type !== 'venv')) continue;
          ctx.report({ messageId: dir.type === 'venv' ? 'venv' : 'nodeModules', data: { dir: `${dir.path}/` }, evidence: [{ path: dir.path }] });
        }
      },
    };
  },
});
