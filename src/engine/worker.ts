import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../rules/index.js';
import type { Config } from './config.js';
import { prepareTree } from './prepare.js';
import { runRules } from './run-rules.js';

/**
 * One worker of a parallel audit: it reads the tree itself (the walk is cheap and deterministic)
 * and runs its share of the rules; reports travel back as plain data keyed by rule id.
 */
export interface WorkerInput {
  root: string;
  ruleIds: string[];
  config: Config;
  maxFileSize: number;
}

const input = workerData as WorkerInput;
const wanted = new Set(input.ruleIds);
const known = new Set(ALL_RULES.map((r) => r.meta.id));
const missing = input.ruleIds.filter((id) => !known.has(id));
if (missing.length) {
  parentPort!.postMessage({ missing });
  process.exit(0);
}
const tree = await prepareTree(input.root, input.config, input.maxFileSize);
const run = await runRules(tree, ALL_RULES.filter((r) => wanted.has(r.meta.id)), input.config);
parentPort!.postMessage({
  raw: run.raw.map(({ rule, descriptor }) => ({ ruleId: rule.meta.id, descriptor })),
  diagnostics: run.diagnostics,
  parseTime: run.parseTime,
  ruleTime: run.ruleTime,
});
