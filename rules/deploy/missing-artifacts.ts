import { defineRule } from '../../src/engine/rule.js';
import { frameworkName } from '../../src/analysis/framework-names.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { jsWebFrameworkOf } from '../../src/analysis/js/server.js';
import { webFrameworkOf } from '../../src/analysis/python/server.js';
import { ManifestFacts, declaredDependencies } from '../../src/analysis/manifests.js';
import { basename, isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Files that say how the app is deployed: platform manifests, process managers, proxies. */
const DEPLOY_FILE = /^(?:Caddyfile(?:\..+)?|traefik\.(?:ya?ml|toml)|Procfile(?:\..+)?|fly\.toml|app\.ya?ml|serverless\.ya?ml|render\.ya?ml|vercel\.json|netlify\.toml|railway\.(?:json|toml)|nixpacks\.toml|heroku\.yml|Dockerrun\.aws\.json|apprunner\.ya?ml|\.platform\.app\.yaml|zappa_settings\.json|ecosystem\.config\.[cm]?js|Chart\.ya?ml|kustomization\.ya?ml|skaffold\.ya?ml|[\w.-]+\.service|supervisord\.conf|template\.ya?ml|samconfig\.toml|wrangler\.toml|app\.json|now\.json)$/;
/** A Kubernetes object in a plain YAML file. */
const K8S_OBJECT = /^kind:\s*(?:Deployment|StatefulSet|DaemonSet|Pod|Service|Ingress|CronJob|Job|Rollout|KnativeService)\b/m;
/** Frameworks and adapters whose platforms deploy them without a Dockerfile (Vercel, Netlify, Lambda). */
const PLATFORM_DEPS = new Set([
  'next', 'nuxt', '@sveltejs/kit', '@remix-run/node', 'astro', 'gatsby', '@vercel/node', 'serverless-http',
  '@netlify/functions', 'aws-lambda', '@cloudflare/workers-types', 'wrangler', 'mangum', 'zappa', 'chalice',
  'aws-serverless-wsgi', 'functions-framework', '@google-cloud/functions-framework', 'azure-functions', '@azure/functions',
]);

interface ServerModule {
  path: string;
  framework: string;
}

export default defineRule({
  meta: {
    id: 'deploy/missing-artifacts',
    priority: 'P2',
    category: 'deployment',
    kinds: ['python', 'js', 'package-json', 'requirements', 'pyproject'],
    messages: {
      missing: {
        en: 'This {{framework}} service has no deployment artifacts: no Dockerfile, no reverse-proxy configuration (nginx, Caddy, Traefik) and no platform manifest (Kubernetes, Procfile, fly.toml, …).',
        zh: '该 {{framework}} 服务没有任何部署产物：没有 Dockerfile，没有反向代理配置（nginx、Caddy、Traefik），也没有平台部署清单（Kubernetes、Procfile、fly.toml 等）。',
      },
    },
    docs: {
      en: {
        title: 'No deployment artifacts',
        why: 'A server with no Dockerfile, proxy configuration or platform manifest is deployed by hand; how it runs in production (process manager, workers, TLS, timeouts) is undocumented and unreviewed.',
        risk: 'Deployments are not reproducible, differ between machines and people, and usually run the development server without TLS, restarts or resource limits.',
        fix: 'Add a multi-stage Dockerfile that runs a production server (gunicorn/uvicorn workers, `node dist/main.js`), plus a compose file or platform manifest, and a reverse proxy (nginx, Caddy, Traefik) for TLS, timeouts and body limits.',
      },
      zh: {
        title: '缺少部署产物',
        why: '没有 Dockerfile、代理配置或平台清单的服务只能手工部署；生产运行方式（进程管理、worker 数、TLS、超时）既无文档也无评审。',
        risk: '部署不可复现，因机器和人员而异，通常直接运行开发服务器，没有 TLS、自动重启和资源限制。',
        fix: '添加多阶段 Dockerfile 运行生产服务器（gunicorn/uvicorn workers、`node dist/main.js`），配合 compose 文件或平台部署清单，并用反向代理（nginx、Caddy、Traefik）处理 TLS、超时和请求体大小限制。',
      },
    },
    examples: {
      bad: 'main.py (FastAPI app), requirements.txt — and nothing else',
      good: 'main.py, requirements.txt, Dockerfile, docker-compose.yml, deploy/nginx.conf',
    },
    refs: ['https://fastapi.tiangolo.com/deployment/docker/', 'https://expressjs.com/en/advanced/best-practice-performance.html'],
  },
  create(ctx) {
    const servers: ServerModule[] = [];
    const manifests = new ManifestFacts(ctx.inventory);
    const keep = (path: string) => !isTestPath(path) && !isExamplePath(path);
    return {
      python(file) {
        if (!keep(file.path)) return;
        const framework = webFrameworkOf(pyImportsOf(file));
        // uvicorn/gunicorn imports alone are runners, not an app.
        if (framework && framework !== 'uvicorn' && framework !== 'gunicorn') servers.push({ path: file.path, framework });
      },
      js(file) {
        if (!keep(file.path)) return;
        const framework = jsWebFrameworkOf(jsImportsOf(file));
        // `http` alone is also every script that makes a request; `next/server` is Next.js.
        if (framework && framework !== 'http' && framework !== 'next/server') servers.push({ path: file.path, framework });
      },
      'package-json'(file) {
        manifests.packageJson(file);
      },
      requirements(file) {
        manifests.requirements(file);
      },
      pyproject(file) {
        manifests.pyproject(file);
      },
      done() {
        if (!servers.length) return;
        const deps = declaredDependencies(manifests);
        if (deps.some((d) => PLATFORM_DEPS.has(d.name))) return;
        const inventory = ctx.inventory;
        const hasArtifact = inventory.files.some((f) => {
          if (f.kind === 'dockerfile' || f.kind === 'nginx' || f.kind === 'compose') return true;
          if (DEPLOY_FILE.test(basename(f.path))) return true;
          return f.kind === 'yaml' && K8S_OBJECT.test(inventory.text(f.path) ?? '');
        });
        if (hasArtifact) return;
        const first = servers[0];
        const package_ = first.framework.replace(/^@nestjs\/common$/, '@nestjs/core');
        const declared = deps.find((d) => d.name === package_ || d.name === first.framework.split('/')[0]);
        ctx.report({
          messageId: 'missing',
          data: { framework: frameworkName(first.framework) },
          evidence: [declared ? { path: declared.path, line: declared.line } : { path: first.path }, { path: first.path }],
        });
      },
    };
  },
});
