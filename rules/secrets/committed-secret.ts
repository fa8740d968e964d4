import { defineRule } from '../../src/engine/rule.js';
import { capitalised, translated, withIndefiniteArticle } from '../../src/engine/message-words.js';
import type { MessageValue, RuleContext } from '../../src/engine/types.js';
import {
  dockerfileNamedValues,
  jsonNamedValues,
  lineNamedValues,
  yamlNamedValues,
  type NamedValue,
} from '../../src/analysis/secrets/assignments.js';
import { gradeNamedValue, gradeProviderHit, type SecretFinding } from '../../src/analysis/secrets/grade.js';
import { secretLabelText } from '../../src/analysis/secrets/labels.js';
import { jsNamedLiterals } from '../../src/analysis/secrets/js-facts.js';
import { pyNamedLiterals } from '../../src/analysis/secrets/py-facts.js';
import { JSON_SECRET_HINT, SECRET_LITERAL } from '../../src/analysis/secrets/prefilter.js';
import { scanProviderSecrets } from '../../src/analysis/secrets/secretlint.js';
import { textScan } from '../../src/analysis/text-scans.js';

/** Line-oriented config files whose `key = value` lines are read as named values. */
const LINE_CONFIG = /(?:\.(?:toml|ini|cfg|properties|conf)|(?:^|\/)\.(?:npmrc|pypirc|envrc|pgpass))$/i;
const MAX_NAMED_SCAN_BYTES = 512 * 1024;

export default defineRule({
  meta: {
    id: 'secrets/committed-secret',
    priority: 'P0',
    category: 'security',
    kinds: ['text', 'dotenv', 'yaml', 'compose', 'dockerfile', 'js', 'python'],
    messages: {
      provider: {
        en: '{{label}} is committed in this file: anyone who can read the repository (or its history) can use it.',
        zh: '该文件中提交了 {{label}}：任何能读取仓库（或其历史）的人都可以直接使用它。',
      },
      privateKey: {
        en: '{{label}} is committed in this file: whoever reads the repository can impersonate its owner.',
        zh: '该文件中提交了 {{label}}：任何能读取仓库的人都可以冒充其持有者。',
      },
      named: {
        en: '`{{key}}` holds a real-looking secret value that is committed to the repository.',
        zh: '`{{key}}` 的值看起来是真实密钥，且已提交到仓库。',
      },
      urlPassword: {
        en: 'A connection URL with an inline password{{where}} is committed to the repository.',
        zh: '已提交到仓库的连接 URL{{where}}中内嵌了密码。',
      },
    },
    docs: {
      en: {
        title: 'Secret committed to the repository',
        why: 'Credentials in tracked files travel with every clone, fork, CI log and backup, and stay in git history after deletion.',
        risk: 'Leaked keys get used: provider bills, data theft, account takeover; compliance incidents that require rotation.',
        fix: 'Remove the value, rotate the credential now (deleting it from the file is not enough), load it from the environment or a secret manager, and git-ignore the file; keep only placeholders in `.env.example`.',
      },
      zh: {
        title: '仓库内存在真实密钥/凭据',
        why: '提交到仓库的凭据会随每次克隆、fork、CI 日志和备份传播，删除后仍留在 git 历史中。',
        risk: '密钥泄露、账户被盗用、产生费用或数据外泄，并带来合规风险。',
        fix: '删除该值并立即轮换密钥（仅从文件删除不够），改为从环境变量或密钥管理服务读取，并将该文件加入 .gitignore；`.env.example` 中只保留占位符。',
      },
    },
    examples: {
      bad: 'OPENAI_API_KEY=sk-proj-…(a real key)\nSTRIPE_SECRET_KEY=sk_live_…',
      good: '# .env.example\nOPENAI_API_KEY=your-openai-api-key\nSTRIPE_SECRET_KEY=',
    },
    refs: ['https://github.com/secretlint/secretlint', 'https://cwe.mitre.org/data/definitions/798.html'],
    tags: ['security'],
  },
  create(ctx) {
    const found = new Map<string, SecretFinding[]>();
    const candidates: { path: string; text: string }[] = [];
    const add = (finding: SecretFinding | undefined) => {
      if (!finding || !finding.secrets.length) return;
      const at = `${finding.path}:${finding.line}`;
      const list = found.get(at) ?? [];
      // One finding per secret: a provider match and a named match of the same value merge.
      const same = list.findIndex((f) => f.secrets.some((s) => finding.secrets.some((t) => s.includes(t) || t.includes(s))));
      if (same < 0) list.push(finding);
      else if (finding.kind !== 'named' && list[same].kind === 'named') list[same] = finding;
      found.set(at, list);
    };
    const addNamed = (path: string, values: NamedValue[]) => {
      for (const v of values) add(gradeNamedValue(path, v.key, v.value, v.line, v.column));
    };
    return {
      text(file) {
        if (textScan(file, 'providerSecret')) candidates.push({ path: file.path, text: file.text });
        if (file.text.length > MAX_NAMED_SCAN_BYTES) return;
        const kind = ctx.inventory.kindOf(file.path);
        if (kind === 'dotenv' || kind === 'lockfile' || kind === 'nginx') return;
        if (LINE_CONFIG.test(file.path)) addNamed(file.path, lineNamedValues(file.text));
        else if (/\.json5?$/i.test(file.path) && JSON_SECRET_HINT.test(file.text)) addNamed(file.path, jsonNamedValues(file.text));
      },
      dotenv(file) {
        for (const e of file.model.entries) add(gradeNamedValue(file.path, e.key, e.value, e.line, e.valueColumn));
      },
      yaml(file) {
        addNamed(file.path, yamlNamedValues(file.model));
      },
      compose(file) {
        addNamed(file.path, yamlNamedValues(file.model));
      },
      dockerfile(file) {
        addNamed(file.path, dockerfileNamedValues(file.model));
      },
      js(file) {
        if (!SECRET_LITERAL.test(file.text)) return;
        addNamed(file.path, jsNamedLiterals(file.model.ast).map((l) => ({ ...l, key: l.name })));
      },
      python(file) {
        if (!SECRET_LITERAL.test(file.text)) return;
        addNamed(file.path, pyNamedLiterals(file.model.root).map((l) => ({ ...l, key: l.name })));
      },
      async done() {
        for (const { path, text } of candidates) {
          for (const hit of await scanProviderSecrets(path, text)) add(gradeProviderHit(path, hit, text));
        }
        for (const list of found.values()) for (const finding of list) report(ctx, finding);
      },
    };
  },
});

function report(ctx: RuleContext, f: SecretFinding): void {
  const messageId = { provider: 'provider', 'private-key': 'privateKey', named: 'named', 'url-password': 'urlPassword' }[f.kind];
  ctx.report({
    messageId,
    data: { label: labelOf(f), key: f.key ?? f.label, where: f.key ? translated(` (\`${f.key}\`)`, `（\`${f.key}\`）`) : '' },
    evidence: [{ path: f.path, line: f.line, column: f.column }],
    priority: f.priority,
    reason: f.reason,
    secrets: f.secrets,
  });
}

/** `An OpenAI API key` to start the English sentence; the label alone in Chinese. */
function labelOf(f: SecretFinding): MessageValue {
  const text = secretLabelText(f.label);
  return translated(capitalised(withIndefiniteArticle(text.en)), text.zh);
}
