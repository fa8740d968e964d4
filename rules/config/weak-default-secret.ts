import { defineRule } from '../../src/engine/rule.js';
import type { RuleContext } from '../../src/engine/types.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { jsConfigServiceReads, jsEnvReads } from '../../src/analysis/secrets/js-facts.js';
import { pyEnvReads } from '../../src/analysis/secrets/py-facts.js';
import { JS_READS_ENV, SIGNING_WORD } from '../../src/analysis/secrets/prefilter.js';
import { jsWeakDefaults, pyWeakDefaults, type WeakDefault } from '../../src/analysis/secrets/weak-defaults.js';

/** Settings meant for a developer's machine: a weak key there is expected, if it never ships. */
const DEV_SETTINGS = /(?:^|\/)(?:settings\/(?:dev|development|local|test)\w*\.py|(?:local|dev)_settings\.py|settings_(?:dev|local|test)\w*\.py)$/i;

const WHY = {
  short: { en: 'it is short enough to guess', zh: '长度过短，容易被猜中' },
  word: { en: 'it is a well-known word or placeholder', zh: '是常见单词或占位符' },
  insecure: { en: "it is Django's generated `django-insecure-` development key", zh: '是 Django 生成的 `django-insecure-` 开发用密钥' },
} as const;

export default defineRule({
  meta: {
    id: 'config/weak-default-secret',
    priority: 'P0',
    category: 'security',
    kinds: ['js', 'python'],
    messages: Object.fromEntries(
      (Object.keys(WHY) as (keyof typeof WHY)[]).flatMap((why) => [
        [
          `fallback-${why}`,
          {
            en: `\`{{name}}\` falls back to a built-in value when the variable is unset, and ${WHY[why].en}: a deployment that forgets to set it signs with a key anyone can guess.`,
            zh: `\`{{name}}\` 在未设置环境变量时回退到内置默认值，且该值${WHY[why].zh}：漏配的部署会用人人可猜的密钥签名。`,
          },
        ],
        [
          `literal-${why}`,
          {
            en: `The signing secret \`{{name}}\` is a literal in the code, and ${WHY[why].en}: anyone can forge sessions or tokens with it.`,
            zh: `签名密钥 \`{{name}}\` 直接写在代码里，且该值${WHY[why].zh}：任何人都能用它伪造会话或令牌。`,
          },
        ],
      ]),
    ),
    docs: {
      en: {
        title: 'Guessable default signing secret',
        why: 'Session, cookie and JWT signatures are only as strong as the key; a default like `secret` or `changeme` is the first thing an attacker tries.',
        risk: 'Forged sessions and tokens: log in as any user, including admins, without a password.',
        fix: 'Read the secret from the environment with no default and fail at start-up when it is missing or shorter than 32 random bytes (`secrets.token_urlsafe(32)`, `openssl rand -hex 32`).',
      },
      zh: {
        title: '签名密钥使用弱默认值',
        why: '会话、Cookie 与 JWT 的签名强度取决于密钥；`secret`、`changeme` 这类默认值是攻击者首先尝试的。',
        risk: '会话和令牌可被伪造：无需密码即可冒充任意用户（包括管理员）。',
        fix: '仅从环境变量读取密钥且不设默认值，启动时若缺失或长度不足 32 字节随机数据则直接报错（`secrets.token_urlsafe(32)`、`openssl rand -hex 32`）。',
      },
    },
    examples: {
      bad: 'SECRET_KEY = os.getenv("SECRET_KEY", "changeme")\napp.use(session({ secret: "keyboard cat" }))',
      good: 'SECRET_KEY = os.environ["SECRET_KEY"]  # fails fast when unset',
    },
    refs: ['https://cwe.mitre.org/data/definitions/1392.html', 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      js(file) {
        if (!SIGNING_WORD.test(file.text)) return;
        const ast = file.model.ast;
        const imports = /jsonwebtoken|cookie-parser|jwt/.test(file.text) ? jsImportsOf(file) : new Map();
        const reads = JS_READS_ENV.test(file.text) ? jsEnvReads(ast).filter((r) => r.hasFallback) : [];
        if (/\.get\s*(?:<[^>]*>)?\(/.test(file.text)) reads.push(...jsConfigServiceReads(ast));
        const found = jsWeakDefaults(ast, imports, reads);
        for (const weak of unique(found)) report(ctx, file.path, weak);
      },
      python(file) {
        if (!SIGNING_WORD.test(file.text)) return;
        const imports = pyImportsOf(file);
        const found = pyWeakDefaults(file.model.root, imports, pyEnvReads(file.model.root, imports));
        for (const weak of unique(found)) report(ctx, file.path, weak);
      },
    };
  },
});

function unique(list: WeakDefault[]): WeakDefault[] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const key = `${w.line}:${w.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function report(ctx: RuleContext, path: string, weak: WeakDefault): void {
  const dev = DEV_SETTINGS.test(path);
  ctx.report({
    messageId: `${weak.form}-${weak.why}`,
    data: { name: weak.name },
    evidence: [{ path, line: weak.line, column: weak.column }],
    ...(dev ? { priority: 'P2' as const, reason: 'in development-only settings' } : {}),
    // Long literals (django-insecure-…) are still keys: keep them out of reports.
    ...(weak.value.length >= 16 ? { secrets: [weak.value] } : {}),
  });
}
