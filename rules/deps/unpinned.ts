import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { classifyNodeSpec, pythonLooseness } from '../../src/analysis/dep-specs.js';
import { ManifestFacts } from '../../src/analysis/manifests.js';
import { isExamplePath } from '../../src/io/paths.js';

/** Evidence lines per finding: the message counts the rest. */
const MAX_EVIDENCE = 25;
const MAX_NAMED = 6;

interface Loose {
  name: string;
  why: string;
  line: number;
  /** Only installed for development, tests or docs. */
  dev: boolean;
}

/** requirements-dev.txt, requirements/test.txt, dev-requirements.txt, docs/requirements.txt… */
const DEV_FILE = /(?:^|[/_.-])(?:dev|develop|test|tests|testing|lint|docs?|ci)(?:[/_.-]|$)[^/]*$|(?:^|\/)docs?\//i;
/** Poetry/uv/PEP 735 groups and Pipfile sections meant for development. */
const DEV_SECTION = /(?:^|\.)(?:dev-packages|dev-dependencies|(?:dependency-groups|group|optional-dependencies)\.(?:dev|test|tests|testing|lint|docs?|typing))(?:\.|$)/i;

/** The few words `pythonLooseness` gives, in Chinese too; versions and refs are code and stay. */
const WHY_ZH: Record<string, string> = { 'no version': '未指定版本', 'git, no ref': 'git，未指定 ref', URL: 'URL' };

function whyText(why: string): { en: string; zh: string } {
  const ref = /^git ref (`.*`)$/.exec(why);
  return { en: why, zh: ref ? `git ref ${ref[1]}` : WHY_ZH[why] ?? why };
}

export default defineRule({
  meta: {
    id: 'deps/unpinned',
    priority: 'P1',
    category: 'dependencies',
    kinds: ['package-json', 'lockfile', 'requirements', 'pyproject'],
    messages: {
      python: {
        en: 'Dependencies in `{{file}}` are not pinned and no lockfile pins them ({{count}}): {{list}}.',
        zh: '`{{file}}` 中有 {{count}} 个依赖未锁定版本，且没有锁文件固定它们：{{list}}。',
      },
      nodeRange: {
        en: 'Dependencies in `{{file}}` use version ranges and no lockfile pins them ({{count}}): {{list}}.',
        zh: '`{{file}}` 中有 {{count}} 个依赖使用版本范围（如 ^、~），且没有锁文件固定它们：{{list}}。',
      },
      nodeFloating: {
        en: 'Dependencies in `{{file}}` follow a moving target such as `latest`, `*`, a dist-tag or a git branch ({{count}}): {{list}}.',
        zh: '`{{file}}` 中有 {{count}} 个依赖指向会变动的版本（`latest`、`*`、标签或 git 分支）：{{list}}。',
      },
    },
    docs: {
      en: {
        title: 'Dependency versions are not reproducible',
        why: 'A bare package name, `>=`, `*`, `latest` or a git branch resolves to whatever is newest at install time; `^`/`~` ranges do too when no lockfile records the exact versions.',
        risk: 'Two deploys of the same commit install different code: an upstream release can break production or bring in a compromised version with no change on your side.',
        fix: 'Commit a lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, uv.lock, poetry.lock) or pin exact versions (`pip-compile --generate-hashes`); replace `latest`/`*` and git branches with versions or commit ids.',
      },
      zh: {
        title: '依赖版本不可复现',
        why: '裸包名、`>=`、`*`、`latest` 或 git 分支在安装时会解析为当时的最新版本；没有锁文件记录确切版本时，`^`/`~` 范围同样如此。',
        risk: '同一提交的两次部署会安装不同的代码：上游一次发布就可能导致线上故障，甚至引入被投毒的版本，而你这边没有任何改动（线上漂移）。',
        fix: '提交锁文件（package-lock.json、pnpm-lock.yaml、yarn.lock、uv.lock、poetry.lock），或固定确切版本（`pip-compile --generate-hashes`）；把 `latest`/`*` 和 git 分支换成版本号或提交 id。',
      },
    },
    examples: {
      bad: '# requirements.txt\nfastapi>=0.100\nuvicorn\n\n// package.json\n"axios": "latest"',
      good: '# requirements.txt (pip-compile --generate-hashes)\nfastapi==0.110.0 --hash=sha256:…\n\n// package.json + package-lock.json\n"axios": "^1.7.2"',
    },
    refs: ['https://pip.pypa.io/en/stable/topics/repeatable-installs/', 'https://docs.npmjs.com/cli/configuring-npm/package-lock-json'],
  },
  create(ctx) {
    const facts = new ManifestFacts(ctx.inventory);

    function report(messageId: string, file: string, loose: Loose[], devOnly: boolean): void {
      if (!loose.length) return;
      const shown = loose.slice(0, MAX_NAMED);
      const more = loose.length - shown.length;
      const en = shown.map((l) => `${l.name} (${whyText(l.why).en})`).join(', ');
      const zh = shown.map((l) => `${l.name}（${whyText(l.why).zh}）`).join('、');
      const list = translated(more ? `${en} and ${more} more` : en, more ? `${zh}等 ${loose.length} 个` : zh);
      const evidence: EvidenceInput[] = loose.slice(0, MAX_EVIDENCE).map((l) => ({ path: file, line: l.line }));
      ctx.report({
        messageId,
        data: { count: loose.length, file, list },
        evidence,
        ...(devOnly ? { priority: 'P2' as const, reason: 'only development dependencies are affected' } : {}),
      });
    }

    return {
      'package-json': (file) => facts.packageJson(file),
      lockfile: (file) => facts.lockfile(file),
      requirements: (file) => facts.requirements(file),
      pyproject: (file) => facts.pyproject(file),
      done() {
        for (const manifest of facts.node) {
          if (isExamplePath(manifest.path)) continue;
          const locked = facts.nodeLockFor(manifest) !== undefined;
          const floating: Loose[] = [];
          const ranged: Loose[] = [];
          for (const dep of manifest.deps) {
            const spec = classifyNodeSpec(dep.name, dep.spec);
            const entry = { name: dep.name, why: `\`${dep.spec || '""'}\``, line: dep.line, dev: dep.section === 'devDependencies' };
            if (spec.kind === 'floating') floating.push(entry);
            // A published library's ranges are its contract: its users' lockfiles pin them.
            else if (spec.kind === 'range' && !locked && !manifest.library) ranged.push(entry);
          }
          // A moving target is reported even with a lockfile: the next `install` or update follows it.
          report('nodeFloating', manifest.path, floating, floating.every((l) => l.dev));
          report('nodeRange', manifest.path, ranged, ranged.every((l) => l.dev));
        }
        for (const manifest of facts.python) {
          if (isExamplePath(manifest.path)) continue;
          if (facts.pythonLockFor(manifest)) continue;
          // requirements.in is the input of pip-compile: its ranges are the point (missing-lockfile judges it).
          if (manifest.format === 'requirements-in') continue;
          const constrained = facts.constrainedNames(manifest);
          const loose: Loose[] = [];
          for (const dep of manifest.deps) {
            if (constrained.has(dep.name)) continue;
            const why = pythonLooseness(dep);
            // A library keeps ranges (and bare names) on purpose; a git ref or URL still moves under its users.
            if (manifest.library && dep.vcsRef === undefined && !dep.url) continue;
            if (why) loose.push({ name: dep.name, why, line: dep.line, dev: DEV_SECTION.test(dep.section) });
          }
          const devOnly = DEV_FILE.test(manifest.path) || loose.every((l) => l.dev);
          report('python', manifest.path, loose, devOnly);
        }
      },
    };
  },
});
