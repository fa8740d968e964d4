import { defineRule } from '../../src/engine/rule.js';
import { declaredDependencies, ManifestFacts, SERVER_FRAMEWORK_DEPS } from '../../src/analysis/manifests.js';
import { basename, isExamplePath } from '../../src/io/paths.js';

/** Load and benchmark tools, as dependencies. */
const LOAD_DEPS = new Set([
  'locust', 'pytest-benchmark', 'asv', 'molotov', 'bzt', 'pyperf',
  'k6', 'artillery', 'autocannon', 'loadtest', 'benchmark', 'tinybench', 'mitata', 'clinic', '@grafana/k6', 'vegeta',
]);
/** Tools run from package.json scripts. */
const LOAD_COMMAND = /(?:^|[\s;&|(])(?:k6|artillery|autocannon|wrk2?|locust|vegeta|hey|ab|jmeter|gatling|oha|bombardier|vitest\s+bench)(?=\s|$)/;
/** Files and folders that hold load or benchmark tests. */
const LOAD_FILE = /(?:^|\/)(?:locustfile[\w-]*\.py|[^/]+\.k6\.[jt]s|k6[\w-]*\.[jt]s|artillery[\w.-]*\.ya?ml|[^/]+\.jmx|[^/]+Simulation\.(?:scala|java|kt)|[^/]+\.bench\.[cm]?[jt]s|bench(?:mark)?s?\.[cm]?[jt]s|bench_[^/]+\.py|[^/]+_benchmark\.py)$/i;
const LOAD_DIR = /(?:^|\/)(?:bench|benches|benchmarks?|load[-_]?tests?|loadtests?|perf(?:ormance)?(?:[-_]tests?)?|stress[-_]?tests?|k6|locust|gatling|jmeter)(?:\/|$)/i;

export default defineRule({
  meta: {
    id: 'tests/no-load-baseline',
    priority: 'P3',
    category: 'reliability',
    kinds: ['package-json', 'requirements', 'pyproject'],
    messages: {
      missing: {
        en: 'The service (`{{framework}}` in `{{file}}`) has no load or benchmark tests: no k6, Locust, Artillery, autocannon, pytest-benchmark or bench folder.',
        zh: '服务（`{{file}}` 中的 `{{framework}}`）缺少压测或基准测试：没有 k6、Locust、Artillery、autocannon、pytest-benchmark 或 bench 目录。',
      },
    },
    docs: {
      en: {
        title: 'No load or performance baseline',
        why: 'Without a repeatable load test nobody knows the throughput, latency or memory the service can sustain, nor notices when a change degrades them.',
        risk: 'Capacity is discovered in production: traffic peaks cause timeouts and outages, and performance regressions ship unnoticed.',
        fix: 'Add a small load test (k6, Locust, Artillery or autocannon) for the main endpoints, record a baseline (p95 latency, RPS, error rate) as a performance budget, and run it before releases.',
      },
      zh: {
        title: '缺少统一性能基线',
        why: '没有可重复的压测，就没人知道服务能承受的吞吐、延迟与内存，也无法发现某次改动造成的性能退化。',
        risk: '容量在线上才被发现：流量高峰导致超时与故障，性能回退悄然上线。',
        fix: '为主要接口补充基准压测（k6、Locust、Artillery 或 autocannon），记录基线（p95 延迟、RPS、错误率）作为性能预算，并在发布前运行。',
      },
    },
    examples: { bad: 'requirements.txt: fastapi\n(no locustfile.py, no k6 script, no bench/)', good: 'loadtests/locustfile.py\npackage.json: "load": "k6 run load/api.k6.js"' },
    refs: ['https://k6.io/docs/', 'https://docs.locust.io/'],
  },
  create(ctx) {
    const facts = new ManifestFacts(ctx.inventory);
    return {
      'package-json': (file) => facts.packageJson(file),
      requirements: (file) => facts.requirements(file),
      pyproject: (file) => facts.pyproject(file),
      done() {
        const deps = declaredDependencies(facts);
        const frameworks = deps
          .filter((d) => SERVER_FRAMEWORK_DEPS.has(d.name) && !isExamplePath(d.path))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
        if (!frameworks.length) return;
        if (deps.some((d) => LOAD_DEPS.has(d.name))) return;
        if (facts.node.some((m) => Object.values(m.scripts).some((s) => LOAD_COMMAND.test(s)))) return;
        if (ctx.inventory.files.some((f) => LOAD_FILE.test(f.path) || LOAD_DIR.test(f.path.slice(0, -basename(f.path).length)))) return;
        if (ctx.inventory.dirs.some((d) => LOAD_DIR.test(d))) return;
        const first = frameworks[0];
        ctx.report({
          messageId: 'missing',
          data: { framework: first.name, file: first.path },
          evidence: frameworks.slice(0, 10).map((d) => ({ path: d.path, line: d.line })),
        });
      },
    };
  },
});
