/**
 * V8 options the CLI runs under. An audit allocates about 250 KB per file, mostly short-lived
 * syntax trees and facts; with V8's default 16 MB semi-space a minor GC runs every few dozen files
 * and copies whatever file is in flight. 32 MB halves those collections: on the 7,650-file bench
 * corpus, 0.4 s less on the rules' thread and 0.75 s less CPU in all, for 50 MB more peak RSS
 * (64 MB gained nothing more). V8 reads the size only at start, so `bin/prodcheck.js` restarts
 * itself with these once; `scripts/bench-worker.mjs` runs under them too.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

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
