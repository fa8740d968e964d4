import { defineRule } from '../../src/engine/rule.js';
import { ServerScope } from '../../src/analysis/server-scope.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import type { ImportMap } from '../../src/analysis/python/index.js';
import { jsHandlingCallsOf, jsUnhandledStreams, pyUnhandledStreams, type UnhandledStream } from '../../src/analysis/state/stream-handlers.js';

/**
 * Whether `pyUnhandledStreams` can find anything in a Python file. Sound: a finding needs a string
 * starting `text/event-stream` (any case; written as is unless an escape other than `\n`, `\t`,
 * `\r`, quotes and `\\` spells part of it) or a call resolving to `aiohttp_sse.sse_response`,
 * whose last segment is written in the text or comes from an import target.
 */
function mayStreamSsePy(text: string, imports: ImportMap): boolean {
  if (SSE_TYPE.test(text) || text.includes('sse_response') || /\\[^ntr"'\\]/.test(text)) return true;
  for (const target of imports.values()) if (target.includes('sse_response')) return true;
  return false;
}

/**
 * Whether `jsUnhandledStreams` can find anything in a JS file. Sound: it needs a string or template
 * whose static value starts with `text/event-stream`; without a `${…}` template (whose parts may
 * come from constants) or a backslash escape, that value is written as is in the text.
 */
function mayStreamSseJs(text: string): boolean {
  return SSE_TYPE.test(text) || text.includes('${') || text.includes('\\');
}
const SSE_TYPE = /text\/event-stream/i;

export default defineRule({
  meta: {
    id: 'sse/no-disconnect-handling',
    priority: 'P1',
    category: 'reliability',
    kinds: ['python', 'js'],
    messages: {
      python: {
        en: 'The event stream of `{{fn}}()` never checks `await request.is_disconnected()` and has no try/except/finally: when the client goes away the generator keeps producing (and paying for upstream tokens) or dies without cleanup.',
        zh: '`{{fn}}()` 的事件流没有检查 `await request.is_disconnected()`，也没有 try/except/finally：客户端断开后生成器仍在继续产出（继续消耗上游调用），或异常退出而不做清理。',
      },
      js: {
        en: '`{{fn}}` streams `text/event-stream` with no `close`/`aborted` listener, abort signal, `cancel()` or error handling: disconnected clients leave the stream and its upstream request running.',
        zh: '`{{fn}}` 以 `text/event-stream` 推流，却没有监听 `close`/`aborted`、没有 AbortSignal、`cancel()` 或错误处理：客户端断开后流和上游请求仍在运行。',
      },
    },
    docs: {
      en: {
        title: 'SSE stream without disconnect or error handling',
        why: 'A streaming response keeps running after the browser tab closes unless the handler watches for the disconnect; an exception mid-stream leaves the client hanging with a half-written event.',
        risk: 'Leaked connections, generators and upstream LLM calls that keep billing; memory and file descriptors pile up; clients time out with no error event.',
        fix: 'Python: check `await request.is_disconnected()` in the loop and wrap the generator in try/except (`asyncio.CancelledError`)/finally to close upstream calls. Node: `req.on("close", …)` to stop writing and abort upstream fetches (AbortController), try/catch around writes and send an error event; Next.js: pass `req.signal` upstream and implement `cancel()` on the ReadableStream.',
      },
      zh: {
        title: 'SSE 流式响应缺少断连与错误处理',
        why: '流式响应在浏览器关闭后仍会继续运行，除非处理函数监听断连；推流中途抛出异常会让客户端停在半条事件上。',
        risk: '连接泄漏，生成器与上游 LLM 调用持续运行并计费；内存和文件描述符不断累积；客户端超时而收不到错误事件。',
        fix: 'Python：在循环中检查 `await request.is_disconnected()`，用 try/except（`asyncio.CancelledError`）/finally 包住生成器并关闭上游调用。Node：`req.on("close", …)` 停止写入并中止上游请求（AbortController），写入处加 try/catch 并发送错误事件；Next.js：把 `req.signal` 传给上游并为 ReadableStream 实现 `cancel()`。',
      },
    },
    examples: {
      bad: 'async def events():\n    async for chunk in llm.stream(prompt):\n        yield f"data: {chunk}\\n\\n"\n\nreturn StreamingResponse(events(), media_type="text/event-stream")',
      good: 'async def events():\n    try:\n        async for chunk in llm.stream(prompt):\n            if await request.is_disconnected():\n                break\n            yield f"data: {chunk}\\n\\n"\n    except asyncio.CancelledError:\n        await llm.aclose()\n        raise',
    },
    refs: ['https://www.starlette.io/requests/#other-transports', 'https://github.com/sysid/sse-starlette', 'https://nodejs.org/api/http.html#event-close'],
  },
  create(ctx) {
    const scope = new ServerScope(ctx.inventory);
    const found: { path: string; language: 'python' | 'js'; streams: UnhandledStream[] }[] = [];
    const handledHelpers = new Set<string>();
    // Whether any JS file of the scan may stream SSE; asked at the first JS visit.
    let anyJsStream: boolean | undefined;
    return {
      python(file) {
        scope.python(file);
        if (!mayStreamSsePy(file.text, pyImportsOf(file))) return;
        const streams = pyUnhandledStreams(file);
        if (streams.length) found.push({ path: file.path, language: 'python', streams });
      },
      js(file) {
        scope.js(file);
        // Handling callers matter only for JS streams (the only ones with helpers).
        anyJsStream ??= ctx.inventory.files.some((f) => f.kind === 'js' && mayStreamSseJs(ctx.inventory.text(f.path) ?? ''));
        if (!anyJsStream) return;
        for (const target of jsHandlingCallsOf(file, (p) => ctx.inventory.has(p))) handledHelpers.add(target);
        if (!mayStreamSseJs(file.text)) return;
        const streams = jsUnhandledStreams(file);
        if (streams.length) found.push({ path: file.path, language: 'js', streams });
      },
      done() {
        for (const { path, language, streams } of found) {
          if (!scope.isServerCode(path)) continue;
          for (const s of streams) {
            if (s.helper && handledHelpers.has(`${path}#${s.helper}`)) continue;
            ctx.report({ messageId: language, data: { fn: s.fn }, evidence: [{ path, line: s.line, column: s.column }] });
          }
        }
      },
    };
  },
});
