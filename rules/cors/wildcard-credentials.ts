import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import { corsCollectorOf, judge } from './_detect.js';

export default defineRule({
  meta: {
    id: 'cors/wildcard-credentials',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      any: {
        en: '{{what}} allows any origin ({{how}}) together with credentials: any website can call this API with the user\'s cookies or tokens and read the answer.',
        zh: '{{what}} 允许任意来源（{{how}}）且允许携带凭据：任何网站都能带着用户的 Cookie/凭据调用该 API 并读取响应。',
      },
      envDefault: {
        en: '{{what}} allows any origin together with credentials when `{{env}}` is unset (its default is `{{how}}`).',
        zh: '{{what}} 在未设置 `{{env}}` 时（默认值为 `{{how}}`）允许任意来源且允许携带凭据。',
      },
    },
    docs: {
      en: {
        title: 'CORS allows any origin with credentials',
        why: 'Allowing every origin (`*`, `origin: true`, a callback that accepts anything, a reflected `Origin` header) while also allowing credentials makes the browser send cookies and auth headers from any site. Starlette, Flask-CORS and @koa/cors answer such requests by echoing the caller\'s origin, so the wildcard really becomes "every site, with cookies".',
        risk: 'Any page a logged-in user visits can read their data and act as them through the API (credential theft, account takeover, data leaks).',
        fix: 'List the allowed origins explicitly (`allow_origins=["https://app.example.com"]`, `origin: ["https://app.example.com"]`), read them from configuration per environment, and keep credentials only for those origins.',
      },
      zh: {
        title: 'CORS 允许任意来源且允许携带凭据',
        why: '允许所有来源（`*`、`origin: true`、无条件放行的回调、回显请求的 `Origin` 头）的同时又允许携带凭据，浏览器会从任意站点带上 Cookie 和认证头。Starlette、Flask-CORS、@koa/cors 在这种配置下会回显请求来源，通配符实际等于“所有站点且带凭据”。',
        risk: '用户访问的任意网页都能通过该 API 读取其数据并以其身份操作（凭据泄露、账号接管、数据外泄）。',
        fix: '显式列出允许的来源（如 `allow_origins=["https://app.example.com"]`、`origin: ["https://app.example.com"]`），按环境从配置读取，仅对这些来源允许凭据。',
      },
    },
    examples: {
      bad: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\napp.use(cors({ origin: true, credentials: true }))',
      good: 'app.add_middleware(CORSMiddleware, allow_origins=settings.CORS_ORIGINS, allow_credentials=True)  # ["https://app.example.com"]\napp.use(cors({ origin: ["https://app.example.com"], credentials: true }))',
    },
    refs: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials', 'https://portswigger.net/web-security/cors'],
  },
  create(ctx) {
    const collector = corsCollectorOf(ctx.inventory);
    return {
      python: (file) => collector.python(file),
      js: (file) => collector.js(file),
      done() {
        const resolver = collector.resolver();
        for (const site of collector.sites) {
          const verdict = judge(site, resolver);
          if (!verdict.anyOrigin || !verdict.credentials) continue;
          const how = verdict.reflects ? translated('the request Origin is reflected', '原样回显请求的 Origin') : site.allowAllSwitch ? `${site.what} = True` : '*';
          ctx.report({
            messageId: verdict.envDefault ? 'envDefault' : 'any',
            data: { what: site.what, how, env: verdict.envDefault ?? '' },
            evidence: [{ path: site.path, line: site.line, column: site.column }],
            ...(verdict.onlyWhen
              ? { priority: 'P1' as const, reason: `only when \`${verdict.onlyWhen}\` holds (e.g. DEBUG), which may be off in production` }
              : {}),
          });
        }
      },
    };
  },
});
