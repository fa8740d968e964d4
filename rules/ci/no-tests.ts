import { defineRule } from '../../src/engine/rule.js';
import { isCiConfigPath, runsTests, yamlCommandStrings } from '../../src/analysis/ci.js';
import { basename } from '../../src/io/paths.js';

/** `sh 'pytest'`, `sh """make test"""`, `bat "gradlew test"` in a Jenkinsfile. */
const JENKINS_STEP = /\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")([\s\S]*?)\1/g;

function rootScripts(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
    return Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export default defineRule({
  meta: {
    id: 'ci/no-tests',
    priority: 'P3',
    category: 'deployment',
    kinds: [],
    messages: {
      noTests: {
        en: 'CI is configured ({{files}}) but no job runs tests.',
        zh: '已配置 CI（{{files}}），但没有任何任务运行测试。',
      },
    },
    docs: {
      en: {
        title: 'CI runs no tests',
        why: 'A pipeline that only builds, lints or deploys gives a green check without exercising any behaviour.',
        risk: 'Broken features pass CI and ship; the green check gives false confidence.',
        fix: 'Add a test step (`pytest`, `npm test`, `go test ./...`) to the pipeline that runs on every pull request, and make it required.',
      },
      zh: {
        title: 'CI 未运行测试',
        why: '只做构建、lint 或部署的流水线会亮绿灯，却没有验证任何功能行为。',
        risk: '功能性缺陷照样通过 CI 并上线，绿灯只带来虚假的安全感。',
        fix: '在每个 Pull Request 触发的流水线中加入测试步骤（`pytest`、`npm test`、`go test ./...`），并设为必需检查。',
      },
    },
    examples: {
      bad: 'jobs:\n  build:\n    steps:\n      - run: npm ci && npm run build',
      good: 'jobs:\n  build:\n    steps:\n      - run: npm ci && npm run build && npm test',
    },
    refs: ['https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing'],
  },
  create(ctx) {
    return {
      done() {
        const files = ctx.inventory.files.map((f) => f.path).filter(isCiConfigPath);
        if (!files.length) return;
        const scripts = rootScripts(ctx.inventory.text('package.json'));
        for (const path of files) {
          const text = ctx.inventory.text(path) ?? '';
          const commands = basename(path).startsWith('Jenkinsfile')
            ? [...text.matchAll(JENKINS_STEP)].map((m) => m[2])
            : yamlCommandStrings(text);
          if (commands.some((c) => runsTests(c, scripts))) return;
        }
        ctx.report({ messageId: 'noTests', data: { files: files.map((f) => `\`${f}\``) }, evidence: files.map((path) => ({ path })) });
      },
    };
  },
});
