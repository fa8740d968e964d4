import { ok, type ParseResult } from './result.js';

/** The pseudo-kind `text`: the file split into lines, for line-oriented scanners. */
export interface TextModel {
  lines: string[];
}

export function parseText(text: string): ParseResult<TextModel> {
  return ok({ lines: text.split(/\r?\n/) });
}
