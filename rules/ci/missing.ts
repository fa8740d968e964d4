import { defineRule } from '../../src/engine/rule.js';
import { isCiConfigPath } from '../../src/analysis/ci.js';
import { onlyLibraries } from '../../src/analysis/package-role.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Files that make a repository a software project rather than notes or data. */
const CODE = /\.(?:py|[cm]?[jt]sx?|go|rs|java|kt|rb|php|cs|swift|scala|ex|exs)$|(?:^|\/)(?:package\.json|pyproject\.toml|go\.mod|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|Gemfile|composer\.json)$/;

const LIBRARY_GRADE = {
  priority: 'P3' as const,
  reason: 'a library or CLI that deploys nothing: no service goes to production unchecked, only releases',
};

export default defineRule({
  meta: {
    id: 'ci/missing',
    priority: 'P2',
    category: 'deployment',
    kinds: [],
    messages: {
      missing: {
        en: 'The repository has no CI configuration (GitHub Actions, GitLab CI, Jenkins, CircleCI, …): nothing builds or tests a change before it is merged or deployed.',
        zh: '仓库中没有任何 CI 配置（GitHub Actions、GitLab CI、Jenkins、CircleCI 等）：变更在合并或部署前没有经过任何构建和测试。',
      },
    },
    docs: {
      en: {
        title: 'No CI pipeline',
        why: 'Without CI, tests, linters, type checks and image builds run only when someone remembers to run them locally.',
        risk: 'Regressions, broken builds and vulnerable dependencies reach production unnoticed; releases depend on one person\'s machine.',
        fix: 'Add a pipeline (for example `.github/workflows/ci.yml`) that installs from the lockfile and runs lint, type checks, tests and the Docker build on every pull request; protect the main branch with it.',
      },
      zh: {
        title: '缺少 CI 流程',
        why: '没有 CI 时，测试、lint、类型检查和镜像构建只有在有人记得本地执行时才会运行。',
        risk: '回归、构建失败和有漏洞的依赖会悄无声息地进入生产；发布依赖于某个人的本机环境。',
        fix: '添加流水线（如 `.github/workflows/ci.yml`），按锁文件安装依赖，在每个 Pull Request 上运行 lint、类型检查、测试和 Docker 构建，并用它保护主分支。',
      },
    },
    examples: {
      bad: '(no .github/workflows, .gitlab-ci.yml, Jenkinsfile, …)',
      good: '# .github/workflows/ci.yml\non: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test',
    },
    refs: ['https://docs.github.com/en/actions/about-github-actions/understanding-github-actions', 'https://docs.gitlab.com/ee/ci/'],
  },
  create(ctx) {
    return {
      done() {
        const paths = ctx.inventory.files.map((f) => f.path);
        if (paths.some(isCiConfigPath)) return;
        if (!paths.some((p) => CODE.test(p) && !isTestPath(p) && !isExamplePath(p))) return;
        ctx.report({ messageId: 'missing', evidence: [{ path: '.' }], ...(onlyLibraries(ctx.inventory) ? LIBRARY_GRADE : {}) });
      },
    };
  },
});
