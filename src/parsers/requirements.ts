import { ok, type ParseResult } from './result.js';

// Stub: replaced by the real requirements parser (issue 6).
export interface RequirementsModel {
  lines: string[];
}

export function parseRequirements(text: string, _path: string): ParseResult<RequirementsModel> {
  return ok({ lines: text.split(/\r?\n/) });
}
