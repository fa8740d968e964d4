import { ok, type ParseResult } from './result.js';

// Stub: replaced by the real crossplane-style parser (issue 4).
export interface NginxModel {
  lines: string[];
}

export function parseNginx(text: string): ParseResult<NginxModel> {
  return ok({ lines: text.split(/\r?\n/) });
}
