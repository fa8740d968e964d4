import { defineRule } from '../../src/engine/rule.js';
import { functionLabel } from '../../src/engine/message-words.js';
import { StateCollector } from '../../src/analysis/state/collector.js';
import { containerLabel, containerRole } from '../../src/analysis/state/containers.js';
import { memoDecorators, type MemoDecorator } from '../../src/analysis/state/memo-decorators.js';

export default defineRule({
  meta: {
    id: 'memory/unbounded-cache',
    priority: 'P2',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      container: {
        en: 'Cache `{{name}}` is written in {{writer}} but never expires or evicts entries: every distinct key stays in memory for the life of the process.',
        zh: '缓存 `{{name}}` 在 {{writer}} 中写入，但没有过期或淘汰机制：每个不同的键都会在进程生命周期内常驻内存。',
      },
      unbounded: {
        en: '`{{decorator}}` on `{{fn}}()` caches every distinct argument forever (no `maxsize`): memory grows with the variety of inputs.',
        zh: '`{{fn}}()` 上的 `{{decorator}}` 没有 `maxsize` 限制，会永久缓存每一组不同参数：内存随输入种类增长。',
      },
      method: {
        en: '`{{decorator}}` on method `{{fn}}()` keeps `self` in the cache keys: instances are never garbage-collected.',
        zh: '方法 `{{fn}}()` 上的 `{{decorator}}` 把 `self` 作为缓存键保存：实例永远无法被垃圾回收。',
      },
    },
    docs: {
      en: {
        title: 'In-memory cache without TTL or size limit',
        why: 'A dict/Map used as a cache, `functools.cache` or `lru_cache(maxsize=None)` keep every entry forever; `lru_cache` on a method also pins `self`.',
        risk: 'Memory grows with the number of distinct keys (users, prompts, URLs) until the process is OOM-killed; stale entries are served forever.',
        fix: 'Use a bounded cache with a TTL (cachetools `TTLCache`/`LRUCache`, `lru_cache(maxsize=N)`, npm `lru-cache` with `max`/`ttl`), or Redis with expiry; cache on functions, not methods.',
      },
      zh: {
        title: '内存缓存无 TTL 与容量限制',
        why: '用作缓存的 dict/Map、`functools.cache` 或 `lru_cache(maxsize=None)` 会永久保留所有条目；方法上的 `lru_cache` 还会持有 `self`。',
        risk: '内存随不同键（用户、提示词、URL）的数量增长，直至进程被 OOM 杀死；过期数据会被一直返回。',
        fix: '使用带容量与 TTL 的缓存（cachetools `TTLCache`/`LRUCache`、`lru_cache(maxsize=N)`、npm `lru-cache` 配置 `max`/`ttl`）或带过期时间的 Redis；缓存函数而非方法。',
      },
    },
    examples: {
      bad: 'const responseCache = new Map<string, Reply>()\nexport async function chat(key: string) {\n  responseCache.set(key, await callModel(key))\n}',
      good: 'from cachetools import TTLCache\nresponse_cache = TTLCache(maxsize=1024, ttl=300)',
    },
    refs: ['https://docs.python.org/3/library/functools.html#functools.lru_cache', 'https://github.com/isaacs/node-lru-cache'],
  },
  create(ctx) {
    const state = new StateCollector(ctx.inventory);
    const decorators: { path: string; found: MemoDecorator[] }[] = [];
    return {
      python(file) {
        state.python(file);
        const found = memoDecorators(file);
        if (found.length) decorators.push({ path: file.path, found });
      },
      js: (file) => state.js(file),
      done() {
        for (const c of state.longLived()) {
          if (c.bounded || !c.growth || containerRole(c) !== 'cache') continue;
          ctx.report({
            messageId: 'container',
            data: { name: containerLabel(c), writer: functionLabel(c.growth.fn) },
            evidence: [
              { path: c.path, line: c.line, column: c.column },
              { path: c.path, line: c.growth.line, column: c.growth.column },
            ],
          });
        }
        for (const { path, found } of decorators) {
          if (!state.scope.isServerCode(path)) continue;
          for (const d of found) {
            ctx.report({
              messageId: d.onMethod ? 'method' : 'unbounded',
              data: { decorator: `@${d.decorator}`, fn: d.fn },
              evidence: [{ path, line: d.line, column: d.column }],
            });
          }
        }
      },
    };
  },
});
