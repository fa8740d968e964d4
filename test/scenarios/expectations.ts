import type { Priority } from '../../src/engine/types.js';

/** A finding a source report names, as the scenario modelled on it must produce it. */
export interface KeyFinding {
  rule: string;
  path: string;
  line?: number;
  priority: Priority;
  /** Where the source report raises it, e.g. "004 P0-1". */
  seed: string;
  /** Match any evidence location, not only the primary one. */
  anyEvidence?: boolean;
  /**
   * Not found today: the rule is not implemented yet or misses this case. The test is declared
   * `it.fails`, so it turns red the day the finding appears: then drop `pending` and mark the
   * row ✅ in the README coverage table.
   */
  pending?: string;
}

export interface ScenarioExpectation {
  found: KeyFinding[];
  /** Findings that would be false positives on this scenario. `pending` as above: known today. */
  absent?: { rule: string; path?: string; lines?: number[]; why: string; pending?: string }[];
  /** Nothing may be graded above this (003, the fixed repository). */
  maxPriority?: Priority;
}

export const SCENARIO_EXPECTATIONS: Record<string, ScenarioExpectation> = {
  // seeds/000: FastGPT client (Next.js).
  'nextjs-llm-client-000': {
    found: [
      { rule: 'config/empty-required-env', path: '.env', line: 2, priority: 'P1', seed: '000 #1 FASTGPT_API_KEY empty' },
      { rule: 'config/empty-required-env', path: '.env', line: 3, priority: 'P1', seed: '000 #1 FASTGPT_API_URL empty' },
      { rule: 'secrets/client-exposed', path: '.env', line: 7, priority: 'P0', seed: '000 #2 NEXT_PUBLIC_ key (.env)' },
      { rule: 'secrets/committed-secret', path: '.env', line: 7, priority: 'P0', seed: '000 #2 the exposed key is committed' },
      { rule: 'secrets/env-file-committed', path: '.env', priority: 'P1', seed: '000 #2 .env not git-ignored' },
      { rule: 'secrets/client-exposed', path: 'src/components/ChatWidget.tsx', line: 5, priority: 'P0', seed: '000 #2 NEXT_PUBLIC_ key (client code)', anyEvidence: true },
      { rule: 'net/no-timeout', path: 'src/app/api/connection/route.ts', line: 4, priority: 'P2', seed: '000 #3 testFastGPTConnection without timeout' },
      { rule: 'net/no-timeout', path: 'src/lib/fastgpt-client.ts', line: 38, priority: 'P2', seed: '000 #3 client fetch without timeout' },
      { rule: 'memory/unbounded-queue', path: 'src/lib/fastgpt-client.ts', line: 21, priority: 'P1', seed: '000 #4 offlineQueue' },
      { rule: 'memory/unbounded-cache', path: 'src/lib/fastgpt-client.ts', line: 22, priority: 'P2', seed: '000 #4 fallbackResponses Map' },
      { rule: 'sse/no-disconnect-handling', path: 'src/app/api/chat/route.ts', line: 24, priority: 'P1', seed: '000 #5 SSE Response without error handling' },
      { rule: 'ratelimit/missing', path: 'src/app/api/chat/route.ts', priority: 'P1', seed: '000 #7 no rate limit' },
      { rule: 'db/client-per-request', path: 'src/lib/cache.ts', line: 7, priority: 'P2', seed: '000 #8 Redis connection per call' },
      { rule: 'input/unvalidated-body', path: 'src/app/api/chat/route.ts', line: 8, priority: 'P1', seed: '000 #9 body destructured without validation' },
      { rule: 'headers/missing-security-headers', path: 'src/app/api/chat/route.ts', priority: 'P2', seed: '000 #10 CSP missing' },
      { rule: 'logging/print-statements', path: 'src/app/api/chat/route.ts', line: 11, priority: 'P2', seed: '000 #11 console.log in a route' },
      { rule: 'health/shallow', path: 'src/app/api/health/route.ts', line: 5, priority: 'P3', seed: '000 #12 health check checks nothing' },
      { rule: 'logging/unstructured', path: 'package.json', priority: 'P3', seed: '000 #11 structured logging' },
      { rule: 'tests/no-load-baseline', path: 'package.json', priority: 'P3', seed: '000 long-term: performance baseline' },
    ],
    absent: [
      { rule: 'secrets/client-exposed', path: 'src/lib/fastgpt-client.ts', why: 'FASTGPT_API_KEY without prefix is server-only' },
      { rule: 'docker/no-healthcheck', why: 'the image has HEALTHCHECK node healthcheck.js' },
      { rule: 'docker/runs-as-root', why: 'the runner stage sets USER nextjs' },
      { rule: 'deps/missing-lockfile', why: 'package-lock.json is committed' },
    ],
  },

  // seeds/001: Fiido customer service (FastAPI + Vue).
  'fastapi-support-desk-001': {
    found: [
      { rule: 'state/in-memory-session-store', path: 'src/session_state.py', line: 35, priority: 'P0', seed: '001 P0-1 InMemorySessionStore' },
      { rule: 'auth/unprotected-route', path: 'backend.py', line: 78, priority: 'P0', seed: '001 P0-2 takeover without agent auth' },
      { rule: 'auth/unprotected-route', path: 'backend.py', line: 88, priority: 'P0', seed: '001 P0-2 transfer without auth' },
      { rule: 'auth/unprotected-route', path: 'backend.py', line: 95, priority: 'P0', seed: '001 P0-2 release without auth' },
      { rule: 'auth/unprotected-route', path: 'backend.py', line: 69, priority: 'P0', seed: '001 P0-2 escalate without auth' },
      { rule: 'auth/unprotected-route', path: 'backend.py', line: 106, priority: 'P0', seed: '001 P0-2 admin endpoint without auth' },
      { rule: 'auth/jwt-long-lived', path: 'src/jwt_auth.py', line: 22, priority: 'P2', seed: '001 P0-2 JWT without expiry or blacklist' },
      { rule: 'ratelimit/missing', path: 'backend.py', priority: 'P1', seed: '001 P0-2/P0-5 no rate limiting' },
      { rule: 'auth/no-login-throttle', path: 'backend.py', line: 37, priority: 'P1', seed: '001 P0-5 brute force (token endpoint without limit)' },
      { rule: 'logging/print-statements', path: 'backend.py', line: 53, priority: 'P2', seed: '001 P0-3 print() logging' },
      { rule: 'logging/unstructured', path: 'backend.py', priority: 'P3', seed: '001 P0-3 no structured logs' },
      { rule: 'metrics/missing', path: 'backend.py', priority: 'P2', seed: '001 P0-3 no performance monitoring' },
      { rule: 'deploy/missing-artifacts', path: 'requirements.txt', priority: 'P2', seed: '001 P0-4 no Dockerfile/compose/nginx' },
      { rule: 'health/missing-endpoint', path: 'backend.py', priority: 'P1', seed: '001 P0-4/P1-7 no health check' },
      { rule: 'cors/wildcard-credentials', path: 'backend.py', line: 24, priority: 'P0', seed: '001 P0-5 allow_origins=["*"]' },
      { rule: 'headers/missing-security-headers', path: 'backend.py', priority: 'P2', seed: '001 P0-5 no HSTS/CSP' },
      { rule: 'input/unbounded-text-field', path: 'src/models.py', line: 13, priority: 'P3', seed: '001 P0-5 no input length limit (chat message `str` without max_length)' },
      { rule: 'async/blocking-call', path: 'src/email_service.py', line: 18, priority: 'P2', seed: '001 P0-6 synchronous SMTP in the request path', anyEvidence: true },
    ],
    absent: [
      { rule: 'auth/unprotected-route', path: 'backend.py', lines: [42, 43, 57, 58], why: '/api/chat and /api/chat/stream are guarded by Depends(get_current_user)' },
      { rule: 'auth/in-memory-user-store', path: 'src/session_state.py', why: 'conversation sessions, not login sessions: state/in-memory-session-store already reports them' },
      { rule: 'logging/print-statements', path: 'tests/test_session_isolation.py', why: 'tests' },
      { rule: 'deps/missing-lockfile', why: 'both Vue apps commit package-lock.json' },
    ],
  },

  // seeds/002: LLM model serving.
  'model-serving-002': {
    found: [
      { rule: 'compose/no-restart-or-limits', path: 'docker-compose.yml', line: 2, priority: 'P2', seed: '002 memory limits; restart policy' },
      { rule: 'metrics/missing', path: 'app/server.py', priority: 'P2', seed: '002 memory monitoring / alerting' },
      { rule: 'ratelimit/missing', path: 'app/server.py', priority: 'P1', seed: '002 rate limiting' },
      { rule: 'health/missing-endpoint', path: 'app/server.py', priority: 'P1', seed: '002 health checks' },
      { rule: 'auth/no-authentication', path: 'app/server.py', line: 34, priority: 'P0', seed: '002 API-key authentication (unauthorised access)' },
      { rule: 'docker/no-healthcheck', path: 'Dockerfile', priority: 'P2', seed: '002 health checks and automatic restart' },
      { rule: 'python/unsafe-deserialization', path: 'app/model_loader.py', line: 21, priority: 'P1', seed: '002 model file integrity (torch.load of a pickled model)' },
    ],
    absent: [
      { rule: 'logging/print-statements', path: 'scripts/download_model.py', why: 'a CLI script' },
      { rule: 'docker/runs-as-root', why: 'USER llm' },
      { rule: 'compose/no-log-rotation', why: 'json-file with max-size' },
    ],
  },

  // seeds/003: the orchestration service after its fixes: few findings, none P0.
  'orchestrator-fixed-003': {
    found: [],
    maxPriority: 'P1',
    absent: [
      { rule: 'python/unsafe-deserialization', why: 'pickle replaced by json; the docstring mentioning pickle is not code' },
      { rule: 'health/missing-endpoint', why: '/api/v1/health, /live, /ready' },
      { rule: 'health/shallow', why: '/ready pings Redis and the database' },
      { rule: 'metrics/missing', why: 'prometheus_client with a scrape endpoint' },
      { rule: 'logging/unstructured', why: 'JSON formatter' },
      { rule: 'logging/print-statements', why: 'logging only' },
      { rule: 'config/empty-required-env', why: 'pydantic-settings validates at start-up' },
      { rule: 'secrets/committed-secret', why: '.env.example holds placeholders only' },
      { rule: 'memory/unbounded-queue', why: 'MessageTracker caps entries and evicts by TTL' },
      { rule: 'memory/unbounded-cache', why: 'lru_cache(maxsize=1) on get_settings' },
      { rule: 'sse/no-disconnect-handling', why: 'is_disconnected() and try/except in the stream' },
      { rule: 'net/no-timeout', why: 'httpx.AsyncClient(timeout=…)' },
      { rule: 'cors/wildcard-credentials', why: 'explicit origins from settings' },
      { rule: 'headers/missing-security-headers', why: 'HSTS/CSP/nosniff set by middleware' },
      { rule: 'docker/runs-as-root', why: 'USER app' },
      { rule: 'docker/no-healthcheck', why: 'HEALTHCHECK in the image and the compose service' },
      { rule: 'docker/unpinned-base', why: 'tag and digest pinned' },
      { rule: 'compose/no-restart-or-limits', why: 'restart and memory limits on every service' },
      { rule: 'compose/default-credentials', why: 'passwords come from required variables' },
      { rule: 'compose/exposed-datastore', why: 'datastores publish no ports' },
      { rule: 'deps/unpinned', why: 'pip-compile output with hashes' },
      { rule: 'deps/missing-lockfile', why: 'requirements.txt compiled from requirements.in' },
      { rule: 'ci/missing', why: '.github/workflows/ci.yml' },
      { rule: 'monitoring/no-alert-rules', why: 'rule_files and alertmanager configured' },
      { rule: 'tests/no-load-baseline', why: 'locustfile in tests/load' },
      { rule: 'ratelimit/unregistered', path: 'backend/app/limiter.py', why: 'app.state.limiter + SlowAPIMiddleware + @limiter.limit register it' },
    ],
  },

  // seeds/004: the reference report (juben platform).
  'script-agent-platform-004': {
    found: [
      { rule: 'auth/disabled-by-default', path: 'main.py', line: 23, priority: 'P0', seed: '004 P0-1 AUTH_ENABLED defaults to false' },
      { rule: 'secrets/committed-secret', path: '.env', line: 6, priority: 'P0', seed: '004 P0-2 OpenAI key in .env' },
      { rule: 'auth/disabled-by-default', path: '.env', line: 3, priority: 'P0', seed: '004 P0-1 AUTH_ENABLED=false committed' },
      { rule: 'secrets/committed-secret', path: '.env', line: 8, priority: 'P0', seed: '004 P0-2 DeepSeek key in .env' },
      { rule: 'secrets/committed-secret', path: '.env', line: 12, priority: 'P0', seed: '004 P0-2 Supabase service_role key in .env' },
      { rule: 'secrets/committed-secret', path: '.env', line: 14, priority: 'P0', seed: '004 P0-2 JWT secret in .env' },
      { rule: 'auth/in-memory-user-store', path: 'apis/auth/api_routes_auth.py', line: 18, priority: 'P0', seed: '004 P0-3 users in memory' },
      { rule: 'auth/in-memory-token-blacklist', path: 'utils/jwt_auth.py', line: 15, priority: 'P0', seed: '004 P0-4 token blacklist set()' },
      { rule: 'nginx/sse-buffering', path: 'nginx.conf', line: 28, priority: 'P0', seed: '004 P0-5 proxy_buffering on /api/ with SSE' },
      { rule: 'nginx/sse-buffering', path: 'apis/core/api_routes.py', line: 60, priority: 'P0', seed: '004 P0-5 the SSE route', anyEvidence: true },
      { rule: 'docker/frontend-build-missing', path: 'main.py', line: 49, priority: 'P0', seed: '004 P0-6 StaticFiles(frontend/dist)' },
      { rule: 'docker/frontend-build-missing', path: 'Dockerfile', priority: 'P0', seed: '004 P0-6 the Dockerfile never builds frontend/', anyEvidence: true },
      { rule: 'compose/default-credentials', path: 'docker-compose.yml', line: 43, priority: 'P0', seed: '004 P0-7 MinIO minioadmin' },
      { rule: 'compose/default-credentials', path: 'docker-compose.yml', line: 75, priority: 'P0', seed: '004 P0-7 Grafana admin password' },
      { rule: 'compose/exposed-datastore', path: 'docker-compose.yml', line: 28, priority: 'P0', seed: '004 P0-7 Redis port published' },
      { rule: 'compose/exposed-datastore', path: 'docker-compose.yml', line: 58, priority: 'P0', seed: '004 P0-7 Milvus port published' },
      { rule: 'cors/wildcard-credentials', path: 'middleware/cors_middleware.py', line: 17, priority: 'P1', seed: '004 P1-1 "*" with credentials when DEBUG' },
      { rule: 'nginx/cors-wildcard', path: 'nginx.conf', line: 37, priority: 'P1', seed: '004 P1-1 nginx Allow-Origin *' },
      { rule: 'headers/missing-security-headers', path: 'nginx.conf', priority: 'P2', seed: '004 P1-1 security headers missing' },
      { rule: 'ratelimit/unregistered', path: 'middleware/auth_middleware.py', line: 15, priority: 'P1', seed: '004 P1-2 RateLimitMiddleware never added' },
      { rule: 'deps/unpinned', path: 'requirements.txt', line: 1, priority: 'P1', seed: '004 P1-3 >= pins' },
      { rule: 'deps/unpinned', path: 'frontend/package.json', priority: 'P1', seed: '004 P1-3 ^ ranges' },
      { rule: 'deps/missing-lockfile', path: 'frontend/package.json', priority: 'P1', seed: '004 P1-3 no lockfile' },
      { rule: 'logging/no-rotation', path: 'utils/logger_config.py', line: 20, priority: 'P1', seed: '004 P1-4 FileHandler without rotation' },
      { rule: 'db/no-migrations', path: 'init_database.py', line: 34, priority: 'P1', seed: '004 P1-5 create_all, no alembic' },
      { rule: 'repo/committed-node-modules', path: 'frontend/node_modules', priority: 'P1', seed: '004 P1-6 node_modules committed' },
      { rule: 'auth/no-login-throttle', path: 'apis/auth/api_routes_auth.py', priority: 'P1', seed: '004 P1-7 login without throttling', pending: 'the per-IP nginx `limit_req` on /api/ (10 r/s) is taken as login throttling; the report wants a failed-attempt counter or lockout' },
      { rule: 'nginx/sse-gzip-timeout', path: 'nginx.conf', line: 28, priority: 'P2', seed: '004 P2-1 gzip on the SSE location' },
      { rule: 'config/no-env-layering', path: 'config/config.yaml', priority: 'P2', seed: '004 P2-2 one config for every environment' },
      { rule: 'memory/unbounded-cache', path: 'utils/cache_manager.py', line: 6, priority: 'P2', seed: '004 P2-3 in-memory caches in utils/' },
      { rule: 'memory/unbounded-queue', path: 'utils/memory_manager.py', line: 5, priority: 'P1', seed: '004 P2-3 in-memory state in utils/ that only grows' },
      { rule: 'memory/unbounded-cache', path: 'utils/prompt_manager.py', line: 16, priority: 'P2', seed: '004 P2-3 lru_cache(maxsize=None)' },
      { rule: 'ci/missing', path: '.', priority: 'P2', seed: '004 P2-4 no CI' },
      { rule: 'monitoring/no-alert-rules', path: 'monitoring/prometheus.yml', priority: 'P2', seed: '004 P2-5 no alert rules' },
      { rule: 'repo/sprawl', path: 'utils', priority: 'P3', seed: '004 P3-1 smart_*/*_manager modules' },
      { rule: 'tests/no-load-baseline', path: 'requirements.txt', priority: 'P3', seed: '004 P3-3 no performance baseline' },
    ],
    absent: [
      { rule: 'secrets/committed-secret', path: '.env', lines: [11], why: 'the Supabase anon key is public by design' },
      { rule: 'secrets/committed-secret', path: 'frontend/src/services/api.ts', why: 'reads the token from localStorage' },
      { rule: 'logging/print-statements', path: 'init_database.py', why: 'a one-off script under a __main__ guard' },
    ],
  },
};
