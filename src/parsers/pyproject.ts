import { ok, type ParseResult } from './result.js';

// Stub: replaced by the real pyproject.toml / Pipfile parser (issue 6).
export interface PyprojectModel {
  lines: string[];
}

export function parsePyproject(text: string, _path: string): ParseResult<PyprojectModel> {
  return ok({ lines: text.split(/\r?\n/) });
}
