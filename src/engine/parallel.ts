import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import type { RuleRun } from './run-rules.js';
import type { ReportDescriptor, Rule } from './types.js';
import type { WorkerInput } from './worker.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Workers run from the compiled package only (sources under a test runner have no worker.js). */
export function canRunInWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Runs the rules in `jobs` worker threads, each over the whole tree with its share of the rules:
 * rules keep cross-file state in their closures, so they split cleanly by rule, never by file.
 * Each worker parses what its rules need, so parsing is repeated; rule time, the larger part, is
 * divided. Rules the workers do not know (a caller's own rules) make this throw.
 */
export async function runRulesInWorkers(
  root: string,
  rules: readonly Rule[],
  config: Config,
  maxFileSize: number,
  jobs: number,
): Promise<RuleRun> {
  const shares = dealRules(rules, jobs);
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<{ raw: { ruleId: string; descriptor: ReportDescriptor }[] } & Omit<RuleRun, 'raw'>>((resolve, reject) => {
          const input: WorkerInput = { root, ruleIds: share.map((r) => r.meta.id), config, maxFileSize };
          const worker = new Worker(WORKER_URL, { workerData: input });
          worker.once('message', (message: { missing?: string[] }) => {
            if (message.missing?.length) reject(new Error(`rules unknown to the worker: ${message.missing.join(', ')}`));
            else resolve(message as never);
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`audit worker exited with code ${code}`));
          });
        }),
    ),
  );
  const run: RuleRun = { raw: [], diagnostics: [], parseTime: {}, ruleTime: {} };
  const seenDiagnostics = new Set<string>();
  for (const result of results) {
    for (const { ruleId, descriptor } of result.raw) run.raw.push({ rule: byId.get(ruleId)!, descriptor });
    for (const d of result.diagnostics) {
      // Two workers that parse the same broken file both say so; keep one.
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

/** Round-robin over rules sorted by kind set and id: a stable split that balances the work. */
function dealRules(rules: readonly Rule[], jobs: number): Rule[][] {
  const sorted = [...rules].sort((a, b) => {
    const ka = [...a.meta.kinds].sort().join(',');
    const kb = [...b.meta.kinds].sort().join(',');
    return ka < kb ? -1 : ka > kb ? 1 : a.meta.id < b.meta.id ? -1 : 1;
  });
  const shares: Rule[][] = Array.from({ length: jobs }, () => []);
  sorted.forEach((rule, i) => shares[i % jobs].push(rule));
  return shares.filter((s) => s.length);
}
