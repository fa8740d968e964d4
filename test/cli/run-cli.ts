import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type Io } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `prodcheck <args>` typed in `cwd`, with no terminal and no colour env. */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: false,
    env: options.env ?? {},
    cwd: options.cwd,
  };
  const code = await main(['node', 'prodcheck', ...args], io);
  return { code, stdout, stderr };
}

/** A throwaway repository: `{ 'path/in/repo': 'content' }` written under a fresh temp folder. */
export function tempRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'prodcheck-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Two P2 findings of docker/unpinned-base (lines 1 and 4) and nothing else that rule reports. */
export const UNPINNED_DOCKERFILE = 'FROM node\nRUN npm ci\n\nFROM python:latest\nCMD ["python", "app.py"]\n';
