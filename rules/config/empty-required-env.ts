import { defineRule } from '../../src/engine/rule.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { isDotenvTemplate } from '../../src/io/classify.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { jsEnvReads } from '../../src/analysis/secrets/js-facts.js';
import { pyEnvReads } from '../../src/analysis/secrets/py-facts.js';
import { JS_READS_ENV, JS_SCHEMA, READS_ENV, VALIDATES } from '../../src/analysis/secrets/prefilter.js';
import { jsValidatedNames, pySettingsFields, pyValidatedNames } from '../../src/analysis/secrets/validation.js';

interface Read {
  path: string;
  line: number;
  /** Names under which a check may test it: the env name and the variable it is assigned to. */
  aliases: string[];
}

const MAX_READS = 3;

export default defineRule({
  meta: {
    id: 'config/empty-required-env',
    priority: 'P1',
    category: 'reliability',
    kinds: ['dotenv', 'python', 'js'],
    messages: {
      empty: {
        en: '`{{name}}` is empty in `{{file}}`, the code reads it without a default, and nothing checks it at start-up: the service boots and fails on first use.',
        zh: '`{{name}}` 在 `{{file}}` 中为空，代码读取时没有默认值，启动时也没有校验：服务能启动，但首次使用时才失败。',
      },
    },
    docs: {
      en: {
        title: 'Required environment variable empty and not validated',
        why: 'An empty required variable does not stop the process; the failure surfaces later, inside a request, far from its cause.',
        risk: 'Deploys that look healthy but fail every call to the dependency (API calls, DB connections), or hang on a missing timeout.',
        fix: 'Validate configuration at start-up and exit with a clear message: pydantic `BaseSettings` with `Field(min_length=1)`, zod/envalid schemas, or an explicit `if not X: raise`. Document the variable in `.env.example`.',
      },
      zh: {
        title: '必需的环境变量为空且未校验',
        why: '必需变量为空不会阻止进程启动，故障要到请求处理时才暴露，离根因很远。',
        risk: '部署看似正常，但对依赖的每次调用都会失败（API 调用、数据库连接），或因缺少超时配置而挂起。',
        fix: '添加启动前环境变量验证，缺失时给出明确报错并退出：pydantic `BaseSettings` 配合 `Field(min_length=1)`、zod/envalid 校验，或显式 `if not X: raise`；并在 `.env.example` 中说明该变量。',
      },
    },
    examples: {
      bad: '# .env\nFASTGPT_API_KEY=\n# app/config.py\nFASTGPT_API_KEY = os.environ["FASTGPT_API_KEY"]  # "" passes silently',
      good: 'const env = z.object({ FASTGPT_API_KEY: z.string().min(1) }).parse(envSource)',
    },
    refs: ['https://12factor.net/config'],
  },
  create(ctx) {
    const empties = new Map<string, { path: string; line: number; template: boolean }[]>();
    const filled = new Set<string>();
    const reads = new Map<string, Read[]>();
    const validated = new Set<string>();
    const addRead = (name: string, read: Read) => reads.set(name, [...(reads.get(name) ?? []), read]);
    return {
      dotenv(file) {
        const template = isDotenvTemplate(file.path);
        for (const e of file.model.entries) {
          if (e.value.trim() === '') empties.set(e.key, [...(empties.get(e.key) ?? []), { path: file.path, line: e.line, template }]);
          else if (!template) filled.add(e.key);
        }
      },
      python(file) {
        if (!READS_ENV.test(file.text)) return;
        const root = file.model.root;
        const imports = pyImportsOf(file);
        for (const r of pyEnvReads(root, imports)) {
          if (r.subscript || (!r.hasDefault && r.defaultValue === undefined)) {
            addRead(r.name, { path: file.path, line: r.line, aliases: [r.name, ...(r.target ? [r.target] : [])] });
          }
        }
        pyValidatedNames(root, validated);
        for (const f of pySettingsFields(root)) {
          if (f.constrained) validated.add(f.name);
          addRead(f.name.toUpperCase(), { path: file.path, line: f.line, aliases: [f.name, `class:${f.className}`] });
        }
      },
      js(file) {
        const ast = file.model.ast;
        // JS checks name the env variable itself (`if (!env.X) throw`, `z.object({ X: … })`), so only reading or schema files matter.
        if (!JS_READS_ENV.test(file.text) && !JS_SCHEMA.test(file.text)) return;
        for (const r of jsEnvReads(ast)) {
          if (!r.hasFallback) addRead(r.name, { path: file.path, line: r.line, aliases: [r.name] });
        }
        if (VALIDATES.test(file.text)) jsValidatedNames(ast, jsImportsOf(file), validated);
      },
      done() {
        for (const [name, places] of empties) {
          if (filled.has(name)) continue;
          const required = reads.get(name) ?? reads.get(name.toUpperCase()) ?? [];
          if (!required.length) continue;
          if (required.some((r) => r.aliases.some((a) => validated.has(a))) || validated.has(name)) continue;
          const primary = [...places].sort((a, b) => Number(a.template) - Number(b.template))[0];
          const evidence: EvidenceInput[] = [
            { path: primary.path, line: primary.line },
            ...required.slice(0, MAX_READS).map((r) => ({ path: r.path, line: r.line })),
          ];
          ctx.report({
            messageId: 'empty',
            data: { name, file: primary.path },
            evidence,
            // A template lists variables empty by design; what remains is the missing start-up check.
            ...(primary.template
              ? { priority: 'P2' as const, reason: 'empty only in a template (.env.example); deployments may set it, but nothing checks that they do' }
              : {}),
          });
        }
      },
    };
  },
});
