import { defineRule } from '../../src/engine/rule.js';
import { expandVariables, finalStage, lastOf, positionOf, rootBase, stageVariables } from '../../src/analysis/dockerfile.js';
import { isDevDockerfile, isNonRootBase, runtimeCommand } from './_image.js';

export default defineRule({
  meta: {
    id: 'docker/runs-as-root',
    priority: 'P1',
    category: 'security',
    kinds: ['dockerfile'],
    messages: {
      noUser: {
        en: 'The final image (`FROM {{image}}`) sets no `USER`, so the container runs as root.',
        zh: '最终镜像（`FROM {{image}}`）没有设置 `USER`，容器以 root 身份运行。',
      },
      rootUser: {
        en: 'The final image switches to `USER {{user}}`, so the container runs as root.',
        zh: '最终镜像切换到 `USER {{user}}`，容器以 root 身份运行。',
      },
    },
    docs: {
      en: {
        title: 'Container runs as root',
        why: 'Without a `USER` instruction a container runs as uid 0; the same uid as root on the host, kept in check only by namespaces and capabilities.',
        risk: 'A code-execution bug in the app gives the attacker root inside the container: it can rewrite the app, read every mounted secret, and is one kernel or runtime bug away from the host.',
        fix: 'Create an unprivileged user and switch to it at the end of the final stage: `RUN useradd -r -u 10001 app` … `USER app` (or use a `:nonroot` distroless base). Make files the app writes owned by that user.',
      },
      zh: {
        title: '容器以 root 运行',
        why: '没有 `USER` 指令时容器以 uid 0 运行，与宿主机 root 是同一个 uid，仅靠命名空间和 capabilities 隔离。',
        risk: '应用中的任何代码执行漏洞都会让攻击者在容器内获得 root：可以篡改应用、读取所有挂载的密钥，离逃逸到宿主机只差一个内核或运行时漏洞。',
        fix: '在最终阶段末尾创建并切换到非特权用户：`RUN useradd -r -u 10001 app` … `USER app`（或使用 `:nonroot` 的 distroless 基础镜像），并让应用需要写入的文件归该用户所有。',
      },
    },
    examples: {
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]',
      good: 'FROM python:3.12-slim\nRUN useradd -r -u 10001 app\nCOPY --chown=app . /app\nUSER app\nCMD ["gunicorn", "app:app"]',
    },
    refs: ['https://docs.docker.com/build/building/best-practices/#user', 'https://github.com/hadolint/hadolint/wiki/DL3002'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      dockerfile(file) {
        const stage = finalStage(file.model);
        if (!stage) return;
        const grade = isDevDockerfile(file.path) ? { priority: 'P3' as const, reason: 'a development Dockerfile, not the image that is deployed' } : {};
        const user = lastOf(stage, 'USER');
        if (!user) {
          const base = rootBase(stage);
          if (base.unresolved || isNonRootBase(base.image)) return;
          // `FROM scratch` with nothing to run is a build artefact exported with `--output`.
          if (base.image === 'scratch' && !runtimeCommand(stage)) return;
          ctx.report({
            messageId: 'noUser',
            data: { image: stage.base.image },
            evidence: [{ path: file.path, line: stage.base.line, column: stage.base.column }],
            ...grade,
          });
          return;
        }
        const vars = new Map<string, string>();
        for (const v of stageVariables(stage)) if (v.value !== null) vars.set(v.name, v.value);
        const { value, unresolved } = expandVariables(user.getArgumentsContent() ?? '', vars);
        if (unresolved) return;
        const name = value.trim().split(':')[0];
        if (name !== 'root' && name !== '0') return;
        ctx.report({ messageId: 'rootUser', data: { user: value.trim() }, evidence: [{ path: file.path, ...positionOf(user) }], ...grade });
      },
    };
  },
});
