import { defineRule } from '../../src/engine/rule.js';
import { jsConstantsOf, jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { commandForm, dockerStages } from '../../src/analysis/dockerfile.js';
import { addBuildContexts, composeOf } from '../../src/analysis/compose.js';
import { simpleCommands, basenameOf } from '../../src/analysis/shell.js';
import { candidatePaths, isBuildFolder, jsServedFolders, mayServeJsFolders, mayServePyFolders, pyServedFolders, type ServedFolder } from '../../src/analysis/static-folders.js';
import { dirname, isExamplePath, isTestPath, joinPath } from '../../src/io/paths.js';
import type { Flag } from 'dockerfile-ast';
import { isDevDockerfile } from './_image.js';

interface Served {
  path: string;
  folder: ServedFolder;
}

interface DockerFacts {
  path: string;
  /** Some stage runs a front-end build. */
  buildsFrontend: boolean;
  /** Some stage copies files out of another image (`COPY --from=ghcr.io/acme/web:1.2 …`). */
  copiesFromImage: boolean;
}

const JS_RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const BUILD_TOOLS: Record<string, RegExp> = {
  vite: /^build$/,
  ng: /^build$/,
  'react-scripts': /^build$/,
  'vue-cli-service': /^build$/,
  next: /^(?:build|export)$/,
  nuxt: /^(?:build|generate)$/,
  nuxi: /^(?:build|generate)$/,
  parcel: /^build$/,
  astro: /^build$/,
  turbo: /build/,
  webpack: /.*/,
  rollup: /.*/,
  esbuild: /.*/,
};

/** `npm run build`, `yarn build:prod`, `pnpm -C web build`, `npx vite build`, `ng build`… */
export function isFrontendBuild(words: string[]): boolean {
  let w = words;
  if (['npx', 'pnpx', 'bunx'].includes(basenameOf(w[0] ?? ''))) w = w.slice(1).filter((a) => !a.startsWith('-'));
  const program = basenameOf(w[0] ?? '');
  const args = w.slice(1).filter((a) => !a.startsWith('-'));
  if (JS_RUNNERS.has(program)) {
    const name = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args.find((a) => /^build/.test(a)) ?? args[0];
    return !!name && /^build(?:[:-]\w+)*$/.test(name);
  }
  const tool = BUILD_TOOLS[program];
  return !!tool && (args.length === 0 ? program === 'webpack' : tool.test(args[0]));
}

export default defineRule({
  meta: {
    id: 'docker/frontend-build-missing',
    priority: 'P0',
    category: 'deployment',
    kinds: ['python', 'js', 'dockerfile', 'compose'],
    messages: {
      missing: {
        en: 'The app serves the built front end from `{{folder}}` (`{{via}}`), but that folder is not in the repository and no Dockerfile builds the front end or copies it in: the deployed image has no UI.',
        zh: '应用从 `{{folder}}` 提供前端构建产物（`{{via}}`），但仓库中没有该目录，也没有任何 Dockerfile 构建前端或把产物复制进镜像：部署后的镜像没有 UI。',
      },
    },
    docs: {
      en: {
        title: 'Front-end build never reaches the image',
        why: 'The back end mounts a build folder (`frontend/dist`, `client/build`) that only exists after `npm run build`; build folders are not committed, so the image gets one only if a Dockerfile stage builds it.',
        risk: 'Production serves 404s or a blank page instead of the UI — or the server refuses to start (Starlette\'s `StaticFiles` checks the folder at start-up).',
        fix: 'Add a build stage and copy its output into the runtime image: `FROM node:20 AS web` … `RUN npm ci && npm run build`, then `COPY --from=web /web/dist ./frontend/dist` in the final stage (or serve the front end from its own nginx image).',
      },
      zh: {
        title: '前端构建产物没有进入镜像',
        why: '后端挂载的构建目录（`frontend/dist`、`client/build`）只有执行 `npm run build` 后才存在；构建目录不会提交到仓库，只有 Dockerfile 的某个阶段构建了它，镜像里才会有。',
        risk: '生产环境返回 404 或白屏而不是 UI，甚至服务无法启动（Starlette 的 `StaticFiles` 在启动时会检查目录）。',
        fix: '增加前端构建阶段并把产物复制进运行镜像：`FROM node:20 AS web` … `RUN npm ci && npm run build`，然后在最终阶段 `COPY --from=web /web/dist ./frontend/dist`（或用独立的 nginx 镜像提供前端）。',
      },
    },
    examples: {
      bad: '# main.py\napp.mount("/", StaticFiles(directory="frontend/dist", html=True))\n# Dockerfile\nFROM python:3.12-slim\nCOPY . /app',
      good: 'FROM node:20-alpine AS web\nWORKDIR /web\nCOPY frontend/ .\nRUN npm ci && npm run build\n\nFROM python:3.12-slim\nCOPY . /app\nCOPY --from=web /web/dist /app/frontend/dist',
    },
    refs: ['https://docs.docker.com/build/building/multi-stage/', 'https://fastapi.tiangolo.com/tutorial/static-files/'],
  },
  create(ctx) {
    const served: Served[] = [];
    const dockerfiles: DockerFacts[] = [];
    const contexts = new Map<string, Set<string>>();
    const keep = (path: string) => !isTestPath(path) && !isExamplePath(path);
    return {
      python(file) {
        if (!keep(file.path) || !mayServePyFolders(file.text)) return;
        for (const folder of pyServedFolders(file.model.root, pyImportsOf(file))) if (isBuildFolder(folder.relative)) served.push({ path: file.path, folder });
      },
      js(file) {
        if (!keep(file.path) || !mayServeJsFolders(file.text)) return;
        for (const folder of jsServedFolders(file.model.ast, jsImportsOf(file), jsConstantsOf(file))) {
          if (isBuildFolder(folder.relative)) served.push({ path: file.path, folder });
        }
      },
      dockerfile(file) {
        if (isDevDockerfile(file.path)) return;
        const stages = dockerStages(file.model);
        const names = new Set(stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
        let buildsFrontend = false;
        let copiesFromImage = false;
        for (const stage of stages) {
          for (const instruction of stage.instructions) {
            const keyword = instruction.getKeyword();
            if (keyword === 'RUN') {
              const form = commandForm(instruction);
              const commands = form.exec ? [form.words] : simpleCommands(form.script);
              if (commands.some(isFrontendBuild)) buildsFrontend = true;
            } else if (keyword === 'COPY') {
              const flags = (instruction as unknown as { getFlags(): Flag[] }).getFlags();
              const from = flags.find((f) => f.getName() === 'from')?.getValue();
              if (from && !names.has(from.toLowerCase()) && !/^\d+$/.test(from)) copiesFromImage = true;
            }
          }
        }
        dockerfiles.push({ path: file.path, buildsFrontend, copiesFromImage });
      },
      compose(file) {
        addBuildContexts(composeOf(file, (p) => ctx.inventory.text(p)), contexts);
      },
      done() {
        // Any image that builds the front end or pulls files from another image may deliver it.
        if (!dockerfiles.length || dockerfiles.some((d) => d.buildsFrontend || d.copiesFromImage)) return;
        const inventory = ctx.inventory;
        const committed = (p: string) => inventory.dirs.includes(p) || inventory.vendorDirs.some((v) => v.path === p && !v.ignored);
        const reported = new Set<string>();
        for (const { path, folder } of served) {
          const candidates = candidatePaths(folder, path);
          if (candidates.some(committed)) continue;
          // Only a front end whose sources are here: `frontend/package.json` beside `frontend/dist`.
          const target = candidates.find((c) => {
            const project = c.split('/').slice(0, c.split('/').findIndex((s) => /^(?:dist|build|out|\.output)$/.test(s))).join('/');
            const manifest = joinPath(project, 'package.json');
            return manifest !== undefined && inventory.has(manifest);
          });
          if (!target) continue;
          // A Dockerfile whose build context holds the serving code ships it without the UI.
          const shipping = dockerfiles.filter((d) => [...(contexts.get(d.path) ?? [dirname(d.path)])].some((c) => c === '' || path.startsWith(`${c}/`)));
          if (!shipping.length || reported.has(`${path}:${target}`)) continue;
          reported.add(`${path}:${target}`);
          ctx.report({
            messageId: 'missing',
            data: { folder: target, via: folder.via },
            evidence: [{ path, line: folder.line, column: folder.column }, ...shipping.map((d) => ({ path: d.path }))],
            key: target,
          });
        }
      },
    };
  },
});
