import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import { REFLECT_VALUE } from '../../src/analysis/consts/sym.js';
import { corsCollectorOf, judge } from './_detect.js';

const DEV_SETTINGS = /(?:^|\/|_)(?:dev|development|local|test|testing|ci)(?:\.py$|\/|_)/i;

export default defineRule({
  meta: {
    id: 'cors/wildcard',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      any: {
        en: '{{what}} allows any origin ({{how}}) on an API that authenticates users ({{auth}}).',
        zh: '{{what}} 允许任意来源（{{how}}），而该 API 存在用户认证（{{auth}}）。',
      },
      public: {
        en: '{{what}} allows any origin ({{how}}); no authentication was seen, so this is fine only if the API is meant to be public.',
        zh: '{{what}} 允许任意来源（{{how}}）；未发现认证机制，仅当该 API 本就公开时才可接受。',
      },
      hosts: {
        en: '`ALLOWED_HOSTS` accepts any Host header (`*`): Django builds absolute URLs (password-reset links, redirects) from a header the client controls.',
        zh: '`ALLOWED_HOSTS` 接受任意 Host 头（`*`）：Django 会用客户端可控的 Host 生成绝对链接（重置密码链接、重定向）。',
      },
    },
    docs: {
      en: {
        title: 'CORS allows any origin',
        why: 'A wildcard origin lets every website call the API from a user\'s browser. Without credentials the browser sends no cookies, but tokens kept in the page, internal-network reachability and `Authorization` flows are exposed to any site, and the setting is one flag away from the credentials variant.',
        risk: 'Cross-site use of the API, data exposure from intranet deployments, and an easy slide into credentialed wildcard CORS. For Django `ALLOWED_HOSTS = ["*"]`: Host-header poisoning of generated links.',
        fix: 'Allow the front-end origins explicitly, per environment (`CORS_ORIGINS=https://app.example.com`); keep `*` only for deliberately public, unauthenticated APIs. List real host names in `ALLOWED_HOSTS`.',
      },
      zh: {
        title: 'CORS 允许任意来源',
        why: '通配来源使任何网站都能在用户浏览器中调用该 API。虽然不带凭据时浏览器不会发送 Cookie，但页面中保存的令牌、内网可达性和 `Authorization` 流程都会暴露给任意站点，且只需改一个开关就变成带凭据的通配 CORS。',
        risk: 'API 被跨站调用、内网部署的数据外泄，并容易演变为带凭据的通配 CORS。Django `ALLOWED_HOSTS = ["*"]` 会导致 Host 头投毒生成的链接。',
        fix: '按环境显式列出前端来源（如 `CORS_ORIGINS=https://app.example.com`）；只有刻意公开、无需认证的 API 才保留 `*`。`ALLOWED_HOSTS` 中列出真实域名。',
      },
    },
    examples: {
      bad: 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\napp.use(cors())',
      good: 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])\napp.use(cors({ origin: process.env.CORS_ORIGINS?.split(",") }))',
    },
    refs: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS', 'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts'],
  },
  create(ctx) {
    const collector = corsCollectorOf(ctx.inventory);
    return {
      python: (file) => collector.python(file),
      js: (file) => collector.js(file),
      done() {
        const resolver = collector.resolver();
        const auth = collector.auth;
        for (const site of collector.sites) {
          const verdict = judge(site, resolver);
          if (!verdict.anyOrigin || verdict.credentials) continue;
          const how = verdict.reflects ? translated('the request Origin is reflected', '原样回显请求的 Origin') : site.allowAllSwitch ? `${site.what} = True` : verdict.envDefault ? translated(`\`${verdict.envDefault}\` defaults to *`, `\`${verdict.envDefault}\` 默认为 *`) : '*';
          const evidence = [{ path: site.path, line: site.line, column: site.column }];
          if (auth) {
            ctx.report({
              messageId: 'any',
              data: { what: site.what, how, auth: translated(`${auth.what} in ${auth.path}`, `${auth.path} 中的 ${auth.what}`) },
              evidence,
              ...(verdict.onlyWhen ? { priority: 'P2' as const, reason: `only when \`${verdict.onlyWhen}\` holds` } : {}),
            });
          } else {
            ctx.report({
              messageId: 'public',
              data: { what: site.what, how },
              evidence,
              priority: 'P3',
              reason: 'no authentication (JWT, sessions, auth middleware) was seen: a public API may allow any origin',
            });
          }
        }
        for (const site of collector.hosts) {
          const outcomes = resolver.outcomes(site.hosts);
          const wild = outcomes.filter((o) => Array.isArray(o.value) ? o.value.includes('*') : o.value === '*' || o.value === REFLECT_VALUE);
          if (!wild.length) continue;
          const conditional = wild.every((o) => o.conds.length > 0);
          const dev = DEV_SETTINGS.test(site.path);
          ctx.report({
            messageId: 'hosts',
            evidence: [{ path: site.path, line: site.line }],
            ...(dev
              ? { priority: 'P3' as const, reason: 'a development/test settings module' }
              : conditional
                ? { priority: 'P2' as const, reason: `only when \`${wild[0].conds[0]}\` holds` }
                : {}),
          });
        }
      },
    };
  },
});
