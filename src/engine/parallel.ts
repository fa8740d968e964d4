import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import type { RuleRun } from './run-rules.js';
import type { ReportDescriptor, Rule } from './types.js';
import type { PreparedTree } from './prepare.js';
import { runRules } from './run-rules.js';
import type { WorkerInput } from './worker.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Workers run from the compiled package only (sources under a test runner have no worker.js). */
export function canRunInWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Runs the rules in `jobs` threads — this one and `jobs - 1` workers — each over the whole tree
 * with its share of the rules: rules keep cross-file state in their closures, so they split
 * cleanly by rule, never by file. Workers get the files this thread already read; each thread
 * parses what its rules need, so parsing is repeated and rule time is divided. Rules the workers
 * do not know (a caller's own rules) make this throw.
 */
export async function runRulesInWorkers(tree: PreparedTree, rules: readonly Rule[], config: Config, jobs: number): Promise<RuleRun> {
  const [own, ...others] = dealRules(rules, jobs);
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const fromWorkers = Promise.all(others.map((share) => runWorker({ walked: tree.walked, ruleIds: share.map((r) => r.meta.id), config })));
  // A failed worker must not leave this promise unobserved while this thread works.
  fromWorkers.catch(() => undefined);
  const local = await runRules(tree, own, config);
  const results = [{ ...local, raw: local.raw.map(({ rule, descriptor }) => ({ ruleId: rule.meta.id, descriptor })) }, ...(await fromWorkers)];
  const run: RuleRun = { raw: [], diagnostics: [], parseTime: {}, ruleTime: {}, threads: results.length };
  const seenDiagnostics = new Set<string>();
  for (const result of results) {
    for (const { ruleId, descriptor } of result.raw) run.raw.push({ rule: byId.get(ruleId)!, descriptor });
    for (const d of result.diagnostics) {
      // Two threads that parse the same broken file both say so; keep one.
      const key = [d.path, d.line ?? 0, d.kind, d.message, d.ruleId ?? ''].join('\u0000');
      if (seenDiagnostics.has(key)) continue;
      seenDiagnostics.add(key);
      run.diagnostics.push(d);
    }
    for (const [k, v] of Object.entries(result.parseTime)) run.parseTime[k] = (run.parseTime[k] ?? 0) + v;
    Object.assign(run.ruleTime, result.ruleTime);
  }
  return run;
}

type WorkerRun = { raw: { ruleId: string; descriptor: ReportDescriptor }[] } & Omit<RuleRun, 'raw' | 'threads'>;

function runWorker(input: WorkerInput): Promise<WorkerRun> {
  return new Promise<WorkerRun>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: input });
    worker.once('message', (message: { missing?: string[] }) => {
      if (message.missing?.length) reject(new Error(`rules unknown to the worker: ${message.missing.join(', ')}`));
      else resolve(message as never);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`audit worker exited with code ${code}`));
    });
  });
}

/**
 * Rules that read the same per-file facts (routes, guards and the server scope; or calls and
 * their taint) are kept together, so each thread computes a fact once rather than every thread
 * computing every fact. Within a group, rules are dealt round-robin by id, a stable split.
 */
const ROUTE_DOMAINS = new Set(['auth', 'ratelimit', 'health', 'metrics', 'nginx', 'sse', 'cors', 'headers', 'lifecycle', 'logging', 'config']);

function dealRules(rules: readonly Rule[], jobs: number): Rule[][] {
  const sorted = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const routeRules = sorted.filter((r) => ROUTE_DOMAINS.has(r.meta.id.split('/')[0]));
  const otherRules = sorted.filter((r) => !ROUTE_DOMAINS.has(r.meta.id.split('/')[0]));
  const shares: Rule[][] = Array.from({ length: jobs }, () => []);
  const routeThreads = Math.max(1, Math.floor(jobs / 2));
  routeRules.forEach((rule, i) => shares[i % routeThreads].push(rule));
  const otherThreads = jobs - routeThreads;
  otherRules.forEach((rule, i) => shares[otherThreads ? routeThreads + (i % otherThreads) : i % jobs].push(rule));
  return shares.filter((s) => s.length);
}
