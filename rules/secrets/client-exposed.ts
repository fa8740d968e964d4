import { defineRule } from '../../src/engine/rule.js';
import { redactableSecrets } from '../../src/analysis/secrets/public-defaults.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { isDotenvTemplate } from '../../src/io/classify.js';
import { jsEnvReads } from '../../src/analysis/secrets/js-facts.js';
import { CLIENT_PREFIX } from '../../src/analysis/secrets/prefilter.js';
import { isClientExposedSecretName, type ClientExposure } from '../../src/analysis/secrets/names.js';
import { isPlaceholder, isPublicByDesignValue } from '../../src/analysis/secrets/values.js';

interface Place {
  path: string;
  line: number;
  column?: number;
  /** A non-template env file gives it a real-looking value. */
  valued?: boolean;
  /** The value set there, redacted from every output. */
  value?: string;
  template?: boolean;
}

/** Frameworks that expose the plain `PUBLIC_` prefix (SvelteKit, Astro). */
const PUBLIC_PREFIX_FRAMEWORKS = /"(?:@sveltejs\/kit|astro)"\s*:/;
const MAX_EVIDENCE = 6;

export default defineRule({
  meta: {
    id: 'secrets/client-exposed',
    priority: 'P0',
    category: 'security',
    kinds: ['dotenv', 'js'],
    messages: {
      exposed: {
        en: '`{{name}}` is a secret-named variable with the `{{prefix}}` prefix: {{framework}} inlines such variables into the browser bundle, where anyone can read the key.',
        zh: '`{{name}}` 是带 `{{prefix}}` 前缀的密钥类变量：{{framework}} 会把这类变量打包进浏览器端代码，任何人都能读到该密钥（客户端暴露）。',
      },
    },
    docs: {
      en: {
        title: 'Secret exposed to the browser bundle',
        why: 'Bundlers replace client-prefixed variables with their values at build time; the value ends up in JavaScript served to every visitor.',
        risk: 'The API key leaks to anyone who opens the developer tools: quota theft, provider bills, data access with your credentials.',
        fix: 'Drop the public prefix and use the key only on the server (an API route or backend proxy that calls the provider); rotate the key that has been shipped. Keep only keys that are public by design (publishable, anon, site keys) behind the prefix.',
      },
      zh: {
        title: 'API 密钥暴露在客户端',
        why: '打包工具会在构建时把带客户端前缀的变量替换成实际值，最终出现在发给每个访问者的 JavaScript 里。',
        risk: '任何人打开浏览器开发者工具即可拿到密钥：额度被盗用、产生费用，或借你的凭据访问数据。',
        fix: '去掉公开前缀，只在服务端使用该密钥（由 API 路由或后端代理调用第三方服务），并轮换已经发布出去的密钥；只有设计上公开的密钥（publishable、anon、site key）才可以带前缀。',
      },
    },
    examples: {
      bad: 'const apiKey = import.meta.env.VITE_OPENAI_API_KEY // sent to every browser',
      good: '// server/api/chat.ts (server only)\nconst apiKey = env.OPENAI_API_KEY',
    },
    refs: ['https://nextjs.org/docs/app/guides/environment-variables#bundling-environment-variables-for-the-browser', 'https://vite.dev/guide/env-and-mode'],
    tags: ['security'],
  },
  create(ctx) {
    const defined = new Map<string, Place[]>();
    const read = new Map<string, Place[]>();
    const exposures = new Map<string, ClientExposure>();
    const note = (map: Map<string, Place[]>, name: string, exposure: ClientExposure, place: Place) => {
      exposures.set(name, exposure);
      map.set(name, [...(map.get(name) ?? []), place]);
    };
    return {
      dotenv(file) {
        const template = isDotenvTemplate(file.path);
        for (const entry of file.model.entries) {
          const exposure = isClientExposedSecretName(entry.key);
          if (!exposure || isPublicByDesignValue(entry.value)) continue;
          const valued = !template && !isPlaceholder(entry.value);
          note(defined, entry.key, exposure, { path: file.path, line: entry.line, column: entry.valueColumn, valued, template, value: entry.value });
        }
      },
      js(file) {
        if (!CLIENT_PREFIX.test(file.text)) return;
        for (const r of jsEnvReads(file.model.ast)) {
          const exposure = isClientExposedSecretName(r.name);
          if (exposure) note(read, r.name, exposure, { path: file.path, line: r.line, column: r.column });
        }
      },
      done() {
        const publicPrefixFramework = ctx.inventory
          .ofKind('package-json')
          .some((f) => PUBLIC_PREFIX_FRAMEWORKS.test(ctx.inventory.text(f.path) ?? ''));
        for (const [name, exposure] of exposures) {
          if (exposure.generic && !publicPrefixFramework) continue;
          const defs = [...(defined.get(name) ?? [])].sort((a, b) => Number(!!a.template) - Number(!!b.template));
          const reads = read.get(name) ?? [];
          const places = [...defs, ...reads].slice(0, MAX_EVIDENCE);
          const evidence: EvidenceInput[] = places.map((p) => ({ path: p.path, line: p.line, column: p.column }));
          const confirmed = reads.length > 0 || defs.some((d) => d.valued);
          ctx.report({
            messageId: 'exposed',
            data: { name, prefix: exposure.prefix, framework: exposure.framework },
            evidence,
            secrets: redactableSecrets(defs.map((d) => d.value ?? '').filter((v) => v.trim().length >= 6)),
            ...(confirmed ? {} : { priority: 'P1' as const, reason: 'only declared in env files with no value and no client read found' }),
          });
        }
      },
    };
  },
});
