import { defineRule } from '../../src/engine/rule.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { jsTokenLifetimes, mentionsJsTokenLifetime, mentionsPyTokenLifetime, pythonTokenLifetimes, type TokenLifetime } from '../../src/analysis/auth/jwt.js';
import { DAY } from '../../src/analysis/auth/durations.js';
import type { MessageValue } from '../../src/engine/types.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

export default defineRule({
  meta: {
    id: 'auth/jwt-long-lived',
    priority: 'P2',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      'no-expiry': {
        en: 'A JWT is signed without an expiry (`{{what}}`): once issued or stolen it is valid forever.',
        zh: '签发 JWT 时未设置过期时间（`{{what}}`）：Token 一旦签发或泄露将永久有效。',
      },
      long: {
        en: 'Access tokens live {{lifetime}} (`{{what}}`): a leaked token stays usable that long, and there is no way to revoke it short of rotating the key.',
        zh: 'Access Token 有效期长达 {{lifetime}}（`{{what}}`）：泄露后在此期间内一直可用，除轮换密钥外无法吊销。',
      },
      never: {
        en: 'Access tokens are configured never to expire (`{{what}}`).',
        zh: 'Access Token 被配置为永不过期（`{{what}}`）。',
      },
    },
    docs: {
      en: {
        title: 'JWT without expiry or with a long lifetime',
        why: 'A JWT is valid until its `exp`; without a server-side revocation list nothing can end it earlier.',
        risk: 'A token leaked through logs, a browser or a compromised client keeps working for days or forever; logout does not end it.',
        fix: 'Give access tokens a short lifetime (5–60 minutes) and use refresh tokens (stored and revocable server-side) for long sessions.',
      },
      zh: {
        title: 'JWT 未设置过期或有效期过长',
        why: 'JWT 在 `exp` 之前一直有效；没有服务端吊销机制时无法提前失效。',
        risk: '通过日志、浏览器或被攻破的客户端泄露的 Token 可持续使用数天甚至永久；退出登录也无法使其失效。',
        fix: 'Access Token 设置较短有效期（5–60 分钟），长会话使用可在服务端存储与吊销的 Refresh Token。',
      },
    },
    examples: {
      bad: "jwt.sign({ sub: user.id }, secret)\njwt.sign(payload, secret, { expiresIn: '30d' })",
      good: "jwt.sign({ sub: user.id }, secret, { expiresIn: '15m' })",
    },
    refs: ['https://datatracker.ietf.org/doc/html/rfc8725#section-3.10', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
    tags: ['security'],
  },
  create(ctx) {
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    const report = (t: TokenLifetime) =>
      ctx.report({
        messageId: t.kind === 'no-expiry' ? 'no-expiry' : t.seconds === Infinity ? 'never' : 'long',
        data: { what: t.what.length > 80 ? `${t.what.slice(0, 77)}…` : t.what, ...(t.kind === 'long' && t.seconds !== Infinity ? { lifetime: lifetimeText(t.seconds!) } : {}) },
        evidence: [{ path: t.file, line: t.line, column: t.column }],
      });
    return {
      python(file) {
        // Sound: a module that spells no encoder, `expires_delta` or TOKEN/JWT lifetime name holds no finding.
        if (!skip(file.path) && mentionsPyTokenLifetime(file.text)) pythonTokenLifetimes(file.model.root, pyImportsOf(file), file.path).forEach(report);
      },
      js(file) {
        // Sound: every JS finding is an `expiresIn`, a `setExpirationTime` or a jsonwebtoken / @nestjs/jwt call.
        if (!skip(file.path) && mentionsJsTokenLifetime(file.text)) jsTokenLifetimes(file.model.ast, jsImportsOf(file), file.path, file.text).forEach(report);
      },
    };
  },
});

/** `7 days`, `1 hour`, `90 minutes` / `7 天`, `1 小时`, `90 分钟`. */
function lifetimeText(seconds: number): MessageValue {
  const [n, unit, zh] =
    seconds >= DAY ? [+(seconds / DAY).toFixed(1), 'day', '天'] : seconds >= 3600 ? [+(seconds / 3600).toFixed(1), 'hour', '小时'] : [Math.round(seconds / 60), 'minute', '分钟'];
  return { en: `${n} ${n === 1 ? unit : `${unit}s`}`, zh: `${n} ${zh}` };
}
