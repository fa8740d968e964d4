import { ok, type ParseResult } from './result.js';

// Stub: replaced by the real lockfile parsers (issue 6).
export interface LockfileModel {
  lines: string[];
}

export function parseLockfile(text: string, _path: string): ParseResult<LockfileModel> {
  return ok({ lines: text.split(/\r?\n/) });
}
