/** Parsers never throw: a file that does not parse becomes a diagnostic, not a crash. */
export type ParseResult<T> =
  | { ok: true; value: T; /** The parser recovered from a syntax error here; rules still run. */ recovered?: ParseFailure }
  | { ok: false; error: ParseFailure };

export interface ParseFailure {
  message: string;
  /** 1-based, when the parser knows it. */
  line?: number;
}

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail(message: string, line?: number): ParseResult<never> {
  return { ok: false, error: { message, line } };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
