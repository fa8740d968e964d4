import { defineRule } from '../../src/engine/rule.js';
import { functionLabel, translated } from '../../src/engine/message-words.js';
import { StateCollector } from '../../src/analysis/state/collector.js';
import { containerLabel, containerRole } from '../../src/analysis/state/containers.js';

export default defineRule({
  meta: {
    id: 'memory/unbounded-queue',
    priority: 'P1',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      queue: {
        en: '`{{name}}` lives as long as the process and {{writer}} keeps adding to it{{places}} with no cap, eviction or TTL: under steady traffic it grows until the process runs out of memory.',
        zh: '`{{name}}` 随进程常驻内存，{{writer}} 持续向其中添加元素{{places}}，没有容量上限、淘汰或 TTL：长时间运行后会无限增长直至内存溢出。',
      },
      asyncQueue: {
        en: '`{{name}}` is a queue without `maxsize` that {{writer}} feeds: when consumers fall behind, requests pile up in memory with no back-pressure.',
        zh: '`{{name}}` 是未设置 `maxsize` 的队列，由 {{writer}} 写入：消费者跟不上时请求会在内存中无限堆积，没有背压。',
      },
    },
    docs: {
      en: {
        title: 'Unbounded in-memory queue or buffer',
        why: 'A module-level, class-level or singleton list/array/deque/Map that request paths append to, with nothing that ever caps or trims it, grows with traffic for the life of the process.',
        risk: 'Memory climbs until the container is OOM-killed or the host swaps; the leak is slow, so it shows up days after a deploy.',
        fix: 'Cap it (`deque(maxlen=N)`, `asyncio.Queue(maxsize=N)`, drop the oldest when `length > N`), add a TTL/eviction, or move it to Redis/a real queue with limits.',
      },
      zh: {
        title: '内存队列/缓冲区无上限',
        why: '模块级、类级或单例对象上的 list/数组/deque/Map 被请求路径持续写入，却没有任何容量限制或清理逻辑，会随流量在进程生命周期内一直增长。',
        risk: '内存持续上涨直至容器被 OOM 杀死或主机开始交换；泄漏缓慢，往往在上线数天后才暴露。',
        fix: '设置容量上限（`deque(maxlen=N)`、`asyncio.Queue(maxsize=N)`、超过 N 时丢弃最旧元素），增加 TTL/淘汰策略，或改用带限制的 Redis/消息队列。',
      },
    },
    examples: {
      bad: 'class Client {\n  private offlineQueue: Req[] = []\n  queue(r: Req) { this.offlineQueue.push(r) }\n}\nexport const client = new Client()',
      good: 'from collections import deque\nrecent = deque(maxlen=1000)\n\n@app.post("/events")\ndef add(e: Event):\n    recent.append(e)',
    },
    refs: ['https://docs.python.org/3/library/collections.html#collections.deque', 'https://docs.python.org/3/library/asyncio-queue.html'],
  },
  create(ctx) {
    const state = new StateCollector(ctx.inventory);
    return {
      python: (file) => state.python(file),
      js: (file) => state.js(file),
      done() {
        for (const c of state.longLived()) {
          if (c.bounded || !c.growth) continue;
          const role = containerRole(c);
          if (role === 'auth' || role === 'cache') continue;
          // Conversation state kept only in memory is the state rule's (P0) finding.
          if (role === 'session' && !c.persisted) continue;
          ctx.report({
            messageId: c.kind === 'queue' ? 'asyncQueue' : 'queue',
            data: {
              name: containerLabel(c),
              writer: functionLabel(c.growth.fn),
              places: c.growthCount > 1 ? translated(` (in ${c.growthCount} places)`, `（共 ${c.growthCount} 处）`) : '',
            },
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
