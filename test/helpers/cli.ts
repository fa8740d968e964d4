import { main, type Io } from '../../src/cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: '1', ...env },
    cwd,
  };
  const code = await main(['node', 'prodcheck', ...argv], io);
  return { code, stdout, stderr };
}
