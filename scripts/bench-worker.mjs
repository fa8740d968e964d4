// One timed audit in its own process, so peak RSS belongs to this run alone.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// PRODCHECK_DIST points at another build (a second checkout, a branch) to compare against this one.
const dist = process.env.PRODCHECK_DIST ? pathToFileURL(resolve(process.env.PRODCHECK_DIST)).href : new URL('../dist', import.meta.url).href;
const { ALL_RULES } = await import(`${dist}/rules/index.js`);
const { audit } = await import(`${dist}/src/engine/audit.js`);

const target = process.argv[2];
const jobs = Number(process.argv[3] ?? availableParallelism());
const started = performance.now();
const result = await audit({ root: target, rules: ALL_RULES, timing: true, jobs });
const wallMs = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    files: result.stats.files,
    bytes: result.stats.bytes,
    wallMs,
    maxRssKB: process.resourceUsage().maxRSS,
    findings: result.findings.length,
    jobs,
    timing: result.stats.timing,
  }),
);
