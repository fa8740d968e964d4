import { defineRule } from '../../src/engine/rule.js';
import { finalStage, lastOf, rootBase } from '../../src/analysis/dockerfile.js';
import { composeOf } from '../../src/analysis/compose.js';
import { classifyCommand } from '../../src/analysis/server-commands.js';
import { pyServerStart, type PyServerStart } from '../../src/analysis/python/server-start.js';
import { isTestPath } from '../../src/io/paths.js';
import { pythonProgramLookup } from './_python-program.js';
import { isDevDockerfile, isServerBase, packageScripts, runtimeCommand } from './_image.js';

interface Candidate {
  path: string;
  line: number;
  column: number;
  what: string;
}

/** Kubernetes probes: the orchestrator checks health itself and ignores HEALTHCHECK. */
const MANIFEST_PATH = /\.(?:ya?ml|tpl)$/i;
const PROBE = /^\s*(?:livenessProbe|readinessProbe|startupProbe)\s*:/m;

export default defineRule({
  meta: {
    id: 'docker/no-healthcheck',
    priority: 'P2',
    category: 'reliability',
    kinds: ['dockerfile', 'compose', 'python'],
    messages: {
      missing: {
        en: 'The image runs a server (`{{what}}`) but has no `HEALTHCHECK`, and no compose service that builds it defines a `healthcheck`.',
        zh: '镜像运行的是服务进程（`{{what}}`），但没有 `HEALTHCHECK`，构建它的 compose 服务也没有定义 `healthcheck`。',
      },
    },
    docs: {
      en: {
        title: 'Server image without health check',
        why: 'Without a health check Docker only knows whether the process exists, not whether it answers; `depends_on: condition: service_healthy` and rolling updates have nothing to wait for.',
        risk: 'A hung or deadlocked server keeps receiving traffic and is never restarted; dependent services start before it is ready and fail.',
        fix: 'Add `HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1` (or a small script when the image has no curl), or a `healthcheck:` on the compose service; in Kubernetes use liveness/readiness probes.',
      },
      zh: {
        title: '服务镜像缺少健康检查',
        why: '没有健康检查时 Docker 只知道进程是否存在，不知道它是否还能响应；`depends_on: condition: service_healthy` 和滚动更新也无从判断。',
        risk: '卡死或死锁的服务会继续接收流量且永远不会被重启；依赖它的服务在它就绪前启动并失败。',
        fix: '添加 `HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1`（镜像中没有 curl 时用小脚本），或在 compose 服务上配置 `healthcheck:`；Kubernetes 中使用 liveness/readiness 探针。',
      },
    },
    examples: {
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
      good: 'FROM python:3.12-slim\nCOPY . /app\nHEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
    refs: ['https://docs.docker.com/reference/dockerfile/#healthcheck', 'https://docs.docker.com/reference/compose-file/services/#healthcheck'],
  },
  create(ctx) {
    const candidates: Candidate[] = [];
    /** Commands judged in done(), once the Python modules they may name are known. */
    const commands: { path: string; line: number; column: number; words: string[]; scripts: Record<string, string> }[] = [];
    const serverStarts = new Map<string, PyServerStart | undefined>();
    let hasDockerfile: boolean | undefined;
    /** Dockerfiles some compose service builds with an active healthcheck. */
    const checkedByCompose = new Set<string>();
    return {
      dockerfile(file) {
        if (isDevDockerfile(file.path)) return;
        const stage = finalStage(file.model);
        if (!stage || lastOf(stage, 'HEALTHCHECK')) return;
        const command = runtimeCommand(stage);
        if (command) {
          commands.push({ path: file.path, line: command.line, column: command.column, words: command.words, scripts: packageScripts(file.path, ctx.inventory) });
          return;
        }
        const base = rootBase(stage);
        if (isServerBase(base.image)) candidates.push({ path: file.path, line: stage.base.line, column: stage.base.column, what: base.image });
      },
      python(file) {
        // Only a Dockerfile's `python -m mod` asks about modules: skip the walk in repositories without one.
        hasDockerfile ??= ctx.inventory.ofKind('dockerfile').length > 0;
        if (!hasDockerfile || isTestPath(file.path)) return;
        serverStarts.set(file.path, pyServerStart(file));
      },
      compose(file) {
        for (const service of composeOf(file, (p) => ctx.inventory.text(p)).services) {
          if (service.build?.dockerfile && service.healthcheck && !service.healthcheck.disabled) checkedByCompose.add(service.build.dockerfile);
        }
      },
      done() {
        // Helm chart templates are text, not yaml: a probe there counts as much as in a plain manifest.
        const probes = ctx.inventory.files.some((f) => MANIFEST_PATH.test(f.path) && PROBE.test(ctx.inventory.text(f.path) ?? ''));
        if (probes) return;
        for (const c of commands) {
          const verdict = classifyCommand(c.words, c.scripts, pythonProgramLookup(c.path, serverStarts));
          if (verdict.kind === 'server') candidates.push({ path: c.path, line: c.line, column: c.column, what: verdict.what });
        }
        candidates.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
        for (const c of candidates) {
          if (checkedByCompose.has(c.path)) continue;
          ctx.report({ messageId: 'missing', data: { what: c.what }, evidence: [{ path: c.path, line: c.line, column: c.column }] });
        }
      },
    };
  },
});
