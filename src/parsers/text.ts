import { ok, type ParseResult } from './result.js';

/** The pseudo-kind `text`: the file as lines, for line-oriented scanners. */
export interface TextModel {
  readonly lines: readonly string[];
  /** Answers of the whole-text scans (src/analysis/text-scans.ts) a parser thread already ran. */
  readonly scans?: Readonly<Record<string, boolean>>;
}

/**
 * Every file of the repository is a `text` file, and most text listeners test the raw text first:
 * the lines are split when a listener asks, not for every file.
 */
class LazyLines implements TextModel {
  private split: string[] | undefined;
  constructor(
    private readonly text: string,
    readonly scans?: Readonly<Record<string, boolean>>,
  ) {}

  get lines(): readonly string[] {
    return (this.split ??= this.text.split(/\r?\n/));
  }
}

export function parseText(text: string, scans?: Readonly<Record<string, boolean>>): ParseResult<TextModel> {
  return ok(new LazyLines(text, scans));
}
