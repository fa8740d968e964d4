#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS, NO_RESPAWN_ENV, shouldRespawn } from '../dist/src/cli/node-flags.js';

async function runHere() {
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(process.argv);
}

if (shouldRespawn(process.execArgv, process.env)) {
  const child = spawn(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [NO_RESPAWN_ENV]: '1' },
  });
  const forward = (signal) => child.kill(signal);
  const signals = process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  // A machine that cannot start a second process still gets its audit, at the default GC sizes.
  child.on('error', () => {
    for (const s of signals) process.off(s, forward);
    void runHere();
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 2;
  });
} else {
  await runHere();
}
