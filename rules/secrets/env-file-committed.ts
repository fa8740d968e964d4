import { counted, translated } from '../../src/engine/message-words.js';
import type { MessageValue } from '../../src/engine/types.js';
import { redactableSecrets } from '../../src/analysis/secrets/public-defaults.js';
import { defineRule } from '../../src/engine/rule.js';
import { isDotenvTemplate } from '../../src/io/classify.js';
import { basename, isExamplePath } from '../../src/io/paths.js';
import { clientPrefixOf, isPrivateSecretName } from '../../src/analysis/secrets/names.js';
import { isPlaceholder } from '../../src/analysis/secrets/values.js';

/** `.env.development`, `.env.test`: framework mode files that Vite and Next.js document as committable defaults. */
const MODE_FILE = /^\.env\.(?:development|dev|test|testing|ci)$/i;

export default defineRule({
  meta: {
    id: 'secrets/env-file-committed',
    priority: 'P1',
    category: 'security',
    kinds: ['dotenv'],
    messages: {
      withSecrets: {
        en: '`{{file}}` is in the repository (no .gitignore covers it) and sets {{variables}}: {{names}}.',
        zh: '`{{file}}` 已提交到仓库（未被 .gitignore 覆盖），其中设置了 {{variables}}：{{names}}。',
      },
      plain: {
        en: '`{{file}}` is in the repository (no .gitignore covers it): the next secret someone adds to it will be committed too.',
        zh: '`{{file}}` 已提交到仓库（未被 .gitignore 覆盖）：之后有人往里加入密钥时也会一并提交。',
      },
    },
    docs: {
      en: {
        title: 'Environment file committed',
        why: 'Env files hold per-deployment configuration and secrets; they belong to each environment, not to the source tree.',
        risk: 'Secrets in the file leak with every clone and stay in git history; one shared file also mixes environments.',
        fix: 'Add `.env` and `.env.*` (except `.env.example`) to `.gitignore`, remove the file from git (`git rm --cached .env`), rotate anything it held, and commit a `.env.example` with placeholders instead.',
      },
      zh: {
        title: '环境变量文件被提交到仓库',
        why: '.env 文件保存各部署环境自己的配置和密钥，应属于运行环境而不是源代码。',
        risk: '其中的密钥会随每次克隆泄露并永久留在 git 历史中；多个环境共用一个文件也容易配置混乱。',
        fix: '将 `.env`、`.env.*`（`.env.example` 除外）加入 `.gitignore`，用 `git rm --cached .env` 移出版本库，轮换其中的密钥，并改为提交只含占位符的 `.env.example`。',
      },
    },
    examples: { bad: '# .gitignore has no .env entry\n.env  (committed)', good: '# .gitignore\n.env\n.env.*\n!.env.example' },
    refs: ['https://12factor.net/config'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      dotenv(file) {
        if (isDotenvTemplate(file.path)) return;
        const name = basename(file.path);
        const secrets = file.model.entries.filter((e) => isPrivateSecretName(e.key) && !isPlaceholder(e.value));
        const allPublic = file.model.entries.length > 0 && file.model.entries.every((e) => clientPrefixOf(e.key));
        let priority: 'P1' | 'P2' | 'P3' = 'P1';
        let reason: string | undefined;
        if (!secrets.length && (allPublic || MODE_FILE.test(name)) && !/local/i.test(name)) {
          priority = 'P3';
          reason = allPublic
            ? 'only client-bundle (public) variables, no secret-named values'
            : 'a framework mode file with no secret-named values';
        } else if (!secrets.length && !name.toLowerCase().startsWith('.env')) {
          // `config.env`, `app.env`: named config (a kustomize configMapGenerator input), not the dotenv secrets go in.
          priority = 'P3';
          reason = 'a named configuration file, not a .env, with no secret-named values';
        } else if (isExamplePath(file.path) && !secrets.length) {
          priority = 'P2';
          reason = 'in an example or docs tree, with no secret-named values';
        }
        ctx.report({
          messageId: secrets.length ? 'withSecrets' : 'plain',
          data: {
            file: file.path,
            variables: counted(secrets.length, 'secret-named variable', 'secret-named variables', '个密钥类变量'),
            names: namesOf(secrets.map((e) => e.key)),
          },
          evidence: [{ path: file.path, ...(secrets[0] ? { line: secrets[0].line } : {}) }],
          priority,
          reason,
          // The evidence line shows a value: keep every value of a secret-named key out of reports.
          secrets: redactableSecrets(secrets.map((e) => e.value)),
        });
      },
    };
  },
});

const MAX_NAMED = 3;

/** The first few variable names as code, and how many more there are. */
function namesOf(keys: string[]): MessageValue {
  const names = [...new Set(keys)].map((k) => `\`${k}\``);
  if (names.length <= MAX_NAMED) return names;
  const shown = names.slice(0, MAX_NAMED);
  return translated(`${shown.join(', ')} and ${names.length - MAX_NAMED} more`, `${shown.join('、')} 等`);
}
