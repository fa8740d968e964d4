import { defineRule } from '../../src/engine/rule.js';

/** Reported by the engine itself when a parser fails; it has no visitors of its own. */
export default defineRule({
  meta: {
    id: 'prodcheck/parse-error',
    priority: 'P3',
    category: 'reliability',
    // The engine parses these kinds for this rule alone and reports what fails.
    kinds: ['js', 'python', 'dockerfile', 'compose', 'yaml', 'nginx', 'dotenv', 'package-json', 'lockfile', 'requirements', 'pyproject'],
    messages: {
      parseError: {
        en: 'This {{kind}} file could not be parsed ({{detail}}); rules that read it saw nothing or only part of it.',
        zh: '该 {{kind}} 文件无法解析（{{detail}}），依赖它的规则未能完整检查。',
      },
    },
    docs: {
      en: {
        title: 'File could not be parsed',
        why: 'A file that does not parse is invisible to the rules that read its kind, so its problems go unreported.',
        risk: 'Findings in this file may be missing; a broken config may also fail at deploy time.',
        fix: 'Fix the syntax error, or exclude the file with `ignorePaths` if it is not meant to be valid.',
      },
      zh: {
        title: '文件无法解析',
        why: '无法解析的文件对相应规则不可见，其中的问题不会被报告。',
        risk: '该文件中的问题可能被漏报；损坏的配置也可能在部署时失败。',
        fix: '修复语法错误；若该文件本就不需合法，用 `ignorePaths` 排除。',
      },
    },
    examples: { bad: 'services:\n  web: [unclosed', good: 'services:\n  web:\n    image: nginx:1.27' },
  },
  create() {
    return {};
  },
});
