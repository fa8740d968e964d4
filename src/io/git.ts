import { execFileSync } from 'node:child_process';

export class GitError extends Error {}

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new GitError(stderr || (error as Error).message);
  }
}

/**
 * Files changed since `ref` — committed since the merge base, staged, unstaged and untracked —
 * as paths relative to `root` with `/` separators. Throws GitError outside a repository.
 */
export function changedFilesSince(root: string, ref: string): Set<string> {
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    throw new GitError(`${root} is not inside a git repository`);
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`unknown git ref "${ref}"`);
  }
  const prefix = git(root, ['rev-parse', '--show-prefix']).trim();
  const lines = [
    ...git(root, ['diff', '--name-only', '--no-renames', `${ref}...HEAD`]).split('\n'),
    ...git(root, ['diff', '--name-only', '--no-renames', 'HEAD']).split('\n'),
    ...git(root, ['ls-files', '--others', '--exclude-standard', '--full-name']).split('\n'),
  ];
  const changed = new Set<string>();
  for (const line of lines) {
    const path = line.trim();
    if (!path) continue;
    if (prefix && !path.startsWith(prefix)) continue;
    changed.add(prefix ? path.slice(prefix.length) : path);
  }
  return changed;
}
