import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../rules/index.js';
import type { WalkResult } from '../io/walk.js';
import type { Config } from './config.js';
import { treeFromWalk } from './prepare.js';
import { runRules } from './run-rules.js';

/**
 * One worker of a parallel audit: it gets the files the main thread read, runs its share of the
 * rules over them, and sends the reports back as plain data keyed by rule id.
 */
export interface WorkerInput {
  walked: WalkResult;
  ruleIds: string[];
  config: Config;
}

const input = workerData as WorkerInput;
const wanted = new Set(input.ruleIds);
const known = new Set(ALL_RULES.map((r) => r.meta.id));
const missing = input.ruleIds.filter((id) => !known.has(id));
if (missing.length) {
  parentPort!.postMessage({ missing });
  process.exit(0);
}
const tree = treeFromWalk(input.walked);
const run = await runRules(tree, ALL_RULES.filter((r) => wanted.has(r.meta.id)), input.config);
parentPort!.postMessage({
  raw: run.raw.map(({ rule, descriptor }) => ({ ruleId: rule.meta.id, descriptor })),
  diagnostics: run.diagnostics,
  parseTime: run.parseTime,
  ruleTime: run.ruleTime,
});
