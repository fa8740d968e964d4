import { defineRule } from '../../src/engine/rule.js';
import { functionLabel } from '../../src/engine/message-words.js';
import { StateCollector } from '../../src/analysis/state/collector.js';
import { containerLabel, containerRole } from '../../src/analysis/state/containers.js';

export default defineRule({
  meta: {
    id: 'state/in-memory-session-store',
    priority: 'P0',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      store: {
        en: 'Conversation/session state `{{name}}` is kept only in process memory and written in {{writer}}: a restart or deploy drops every ongoing conversation, and each worker or replica sees its own copy.',
        zh: '会话/对话状态 `{{name}}` 仅保存在进程内存中，并在 {{writer}} 中写入：重启或发布会丢失所有进行中的会话，多 worker/多副本之间状态互不可见。',
      },
    },
    docs: {
      en: {
        title: 'Session/conversation state kept only in memory',
        why: 'A dict/Map of sessions, conversations or chat history held by the process is the only copy of that state; nothing persists it to Redis or a database.',
        risk: 'Every restart, crash or rolling deploy loses in-flight conversations (including human-agent takeovers); with more than one worker or replica, requests land on a process that does not know the session, so it cannot scale horizontally.',
        fix: 'Store session state in Redis (with a TTL) or a database behind the same store interface; keep at most a bounded local cache in front of it.',
      },
      zh: {
        title: '会话状态仅存于内存',
        why: '进程内的 dict/Map 保存了会话、对话或聊天历史的唯一副本，没有持久化到 Redis 或数据库。',
        risk: '每次重启、崩溃或滚动发布都会丢失进行中的会话（包括人工接管中的会话）；多 worker 或多副本时请求可能落到不认识该会话的进程，无法水平扩展。',
        fix: '把会话状态存入 Redis（设置 TTL）或数据库，保持原有存储接口不变；本地最多只保留一个有容量上限的缓存。',
      },
    },
    examples: {
      bad: 'class InMemorySessionStore:\n    _data: Dict[str, SessionState] = {}\n\n    def save(self, sid, state):\n        self._data[sid] = state',
      good: 'class RedisSessionStore:\n    def __init__(self, redis):\n        self.redis = redis\n\n    async def save(self, sid, state):\n        await self.redis.set(f"session:{sid}", state.json(), ex=1800)',
    },
    refs: ['https://12factor.net/processes'],
  },
  create(ctx) {
    const state = new StateCollector(ctx.inventory);
    return {
      python: (file) => state.python(file),
      js: (file) => state.js(file),
      done() {
        for (const c of state.longLived()) {
          if (!c.growth || c.persisted || c.kind === 'queue' || containerRole(c) !== 'session') continue;
          ctx.report({
            messageId: 'store',
            data: { name: containerLabel(c), writer: functionLabel(c.growth.fn) },
            evidence: [
              { path: c.path, line: c.line, column: c.column },
              { path: c.path, line: c.growth.line, column: c.growth.column },
            ],
          });
        }
      },
    };
  },
});
