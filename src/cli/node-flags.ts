import { availableParallelism } from 'node:os';

/**
 * V8 options the CLI runs under; V8 reads them only at start, so `bin/prodcheck.js` restarts
 * itself with them once, and `npm run bench` runs its audits under them too.
 *
 * - A 32 MB semi-space: an audit allocates about 250 KB per file, mostly short-lived trees and
 *   facts, and the default 16 MB meant a minor GC every few dozen files, each copying the file in
 *   flight (7,650-file bench corpus: rules' thread 5.8 -> 5.3 s; 64 MB gained nothing more).
 * - V8's helper threads one fewer than the cores (default: 4). They compile hot code (about 3 s
 *   of CPU per large audit: seventy rules' worth of visitors) and help the GC; on two cores four
 *   of them crowded out the rules' thread and the parser thread (same corpus: 5.9 -> 5.5 s).
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', `--v8-pool-size=${Math.max(1, Math.min(4, availableParallelism() - 1))}`];

/** Set in the restarted process, and by anyone who wants the CLI to run in the process they start. */
export const NO_RESPAWN_ENV = 'PRODCHECK_NO_RESPAWN';

/**
 * Restart only a plain `prodcheck …`: a Node option on the command line (`--inspect`, a heap
 * limit, a profiler) means someone chose how this process runs.
 */
export function shouldRespawn(execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env[NO_RESPAWN_ENV]) return false;
  if (execArgv.length) return false;
  return !(env.NODE_OPTIONS ?? '').includes('--max-semi-space-size');
}
