import { defineRule } from '../../src/engine/rule.js';
import type { Priority } from '../../src/engine/types.js';
import { isDotenvName, isDotenvTemplate } from '../../src/io/classify.js';
import { basename, dirname, joinPath } from '../../src/io/paths.js';
import { parseDotenv } from '../../src/parsers/dotenv.js';
import { parseIgnoreFile, type IgnoreFileModel } from '../../src/parsers/ignorefile.js';
import { finalStage, stageChain, stageVariables } from '../../src/analysis/dockerfile.js';
import { addBuildContexts, composeOf } from '../../src/analysis/compose.js';
import { gradeNamedValue } from '../../src/analysis/secrets/grade.js';
import { isPrivateSecretName } from '../../src/analysis/secrets/names.js';
import { isPlaceholder } from '../../src/analysis/secrets/values.js';
import { copySources, type CopySource } from './_copies.js';

/** Key material and credential files by name. */
const SECRET_FILE = /(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)|[^/]*\.(?:pem|key|p12|pfx|jks|keystore)|\.npmrc|\.pypirc|\.netrc|credentials\.json|service-account[^/]*\.json|\.git-credentials|htpasswd)$/i;

interface PendingCopy {
  dockerfile: string;
  source: CopySource;
}

export default defineRule({
  meta: {
    id: 'docker/secret-in-image',
    priority: 'P0',
    category: 'security',
    kinds: ['dockerfile', 'compose'],
    messages: {
      variable: {
        en: '`{{kind}} {{key}}` holds a literal secret that is stored in the image (`docker history` / `docker inspect` show it).',
        zh: '`{{kind}} {{key}}` 写入了明文密钥，会保存在镜像中（`docker history` / `docker inspect` 可见）。',
      },
      envCopied: {
        en: '`{{instruction}}` copies `{{env}}` into the image: no .dockerignore in the build context `{{context}}` excludes it.',
        zh: '`{{instruction}}` 会把 `{{env}}` 复制进镜像：构建上下文 `{{context}}` 中没有 .dockerignore 排除它。',
      },
      fileCopied: {
        en: '`{{instruction}}` copies the credential file `{{file}}` into the image.',
        zh: '`{{instruction}}` 把凭据文件 `{{file}}` 复制进了镜像。',
      },
    },
    docs: {
      en: {
        title: 'Secrets baked into the image',
        why: 'Every `ENV`/`ARG` value and every copied file becomes part of an image layer; anyone who can pull the image (a registry, a CI cache, a customer) can read them, and deleting the file in a later layer does not remove it.',
        risk: 'API keys, database passwords and private keys leak with the image and outlive any rotation of the repository; one leaked image compromises production.',
        fix: 'Pass secrets at run time (environment from the orchestrator, Docker/Kubernetes secrets) or at build time with `RUN --mount=type=secret`; add a `.dockerignore` that excludes `.env*`, keys and credentials before `COPY . .`.',
      },
      zh: {
        title: '密钥被打包进镜像',
        why: '每个 `ENV`/`ARG` 值和每个被复制的文件都会成为镜像层的一部分；任何能拉取镜像的人（镜像仓库、CI 缓存、客户）都能读到，后续层删除文件也无法抹去。',
        risk: 'API Key、数据库密码和私钥随镜像泄露，且不受仓库中轮换的影响；一个镜像外泄就足以攻破生产环境。',
        fix: '在运行时注入密钥（编排系统的环境变量、Docker/Kubernetes secrets），或在构建时使用 `RUN --mount=type=secret`；在 `COPY . .` 之前添加排除 `.env*`、密钥和凭据文件的 `.dockerignore`。',
      },
    },
    examples: {
      bad: 'FROM python:3.12-slim\nENV OPENAI_API_KEY=sk-proj-…\nCOPY . /app',
      good: '# .dockerignore: .env*  *.pem  .git\nFROM python:3.12-slim\nCOPY . /app\n# OPENAI_API_KEY comes from the runtime environment',
    },
    refs: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/build/concepts/context/#dockerignore-files'],
    tags: ['security'],
  },
  create(ctx) {
    const copies: PendingCopy[] = [];
    /** Build contexts compose gives each Dockerfile. */
    const contexts = new Map<string, Set<string>>();
    return {
      dockerfile(file) {
        const stage = finalStage(file.model);
        if (!stage) return;
        const chain = new Set(stageChain(stage));
        const globals = new Map<string, { value: string; line: number; column: number }>();
        for (const arg of file.model.dockerfile.getInitialARGs()) {
          for (const p of arg.getProperties()) {
            const at = p.getNameRange().start;
            if (p.getValue() !== null) globals.set(p.getName(), { value: p.getValue()!, line: at.line + 1, column: at.character + 1 });
          }
        }
        for (const v of stageVariables(stage)) {
          // `ARG NAME` in a stage brings the global default into it.
          const setting = v.value === null && v.kind === 'ARG' ? globals.get(v.name) : v.value === null ? undefined : v;
          if (!setting) continue;
          const graded = gradeNamedValue(file.path, v.name, setting.value!, setting.line, setting.column);
          if (!graded) continue;
          ctx.report({
            messageId: 'variable',
            data: { kind: v.kind, key: v.name },
            evidence: [{ path: file.path, line: setting.line, column: setting.column }],
            secrets: graded.secrets,
            key: v.name,
            ...(graded.priority !== 'P0' ? { priority: graded.priority, reason: graded.reason ?? 'a local or sample value' } : {}),
          });
        }
        // Files copied into build-only stages reach the image only through what is copied out of them.
        for (const s of chain) for (const source of copySources(s)) copies.push({ dockerfile: file.path, source });
      },
      compose(file) {
        addBuildContexts(composeOf(file, (p) => ctx.inventory.text(p)), contexts);
      },
      done() {
        const envFiles = dotenvFiles(ctx.inventory.files.map((f) => f.path), ctx.inventory.gitignored);
        for (const { dockerfile, source } of copies) {
          const contextDirs = contexts.get(dockerfile) ?? new Set([dirname(dockerfile)]);
          for (const context of contextDirs) {
            const resolved = source.path === '.' ? context : joinPath(context, source.path);
            if (resolved === undefined) continue;
            const instruction = source.text;
            const evidence = [{ path: dockerfile, line: source.line, column: source.column }];
            // An explicitly named credential file.
            const isDirectory = resolved === context || ctx.inventory.hasDir(resolved);
            const secretFile = SECRET_FILE.test(resolved) || (isDotenvName(basename(resolved).toLowerCase()) && !isDotenvTemplate(resolved));
            if (!isDirectory && secretFile) {
              ctx.report({ messageId: 'fileCopied', data: { instruction, file: resolved }, evidence, key: resolved });
              continue;
            }
            const ignore = dockerignoreFor(context, dockerfile, (p) => ctx.inventory.text(p));
            for (const env of envFiles) {
              const inside = resolved === '' ? env.path : env.path.startsWith(`${resolved}/`) ? env.path : undefined;
              if (!inside) continue;
              const relative = context === '' ? env.path : env.path.slice(context.length + 1);
              if (ignore?.ignores(relative)) continue;
              const grade = envGrade(env, (p) => ctx.inventory.text(p));
              // `config.env` with no secret-named values is configuration: copying it leaks nothing.
              if (grade.priority && !env.ignored && !basename(env.path).toLowerCase().startsWith('.env')) continue;
              ctx.report({
                messageId: 'envCopied',
                data: { instruction, env: env.path, context: context || '.' },
                evidence: [...evidence, { path: env.path }],
                key: env.path,
                ...grade,
              });
            }
          }
        }
      },
    };
  },
});

interface EnvFile {
  path: string;
  /** Present on disk but gitignored: its content was not scanned. */
  ignored: boolean;
}

function dotenvFiles(files: readonly string[], gitignored: readonly string[]): EnvFile[] {
  const isEnv = (p: string) => isDotenvName(basename(p).toLowerCase()) && !isDotenvTemplate(p);
  return [
    ...files.filter(isEnv).map((path) => ({ path, ignored: false })),
    ...gitignored.filter((g) => !g.endsWith('/') && isEnv(g)).map((path) => ({ path, ignored: true })),
  ];
}

/** P0 when the file holds secret-named values; P1 when it holds none, or is not committed. */
function envGrade(env: EnvFile, readText: (p: string) => string | undefined): { priority?: Priority; reason?: string } {
  if (env.ignored) {
    return { priority: 'P1', reason: 'the .env is gitignored, so it ends up in images built from a working copy (not from a clean checkout)' };
  }
  const parsed = parseDotenv(readText(env.path) ?? '');
  const secretValued = parsed.ok && parsed.value.entries.some((e) => isPrivateSecretName(e.key) && e.value.trim() !== '' && !isPlaceholder(e.value));
  return secretValued ? {} : { priority: 'P1', reason: 'the .env holds no secret-named values today' };
}

/** `<context>/.dockerignore`, or BuildKit's `<Dockerfile>.dockerignore` next to the Dockerfile. */
function dockerignoreFor(context: string, dockerfile: string, readText: (p: string) => string | undefined): IgnoreFileModel | undefined {
  for (const path of [`${dockerfile}.dockerignore`, context ? `${context}/.dockerignore` : '.dockerignore']) {
    const text = readText(path);
    if (text === undefined) continue;
    const parsed = parseIgnoreFile(text);
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}
