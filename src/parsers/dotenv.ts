import { parse } from 'dotenv';
import { ok, type ParseResult } from './result.js';

export interface DotenvEntry {
  key: string;
  value: string;
  /** 1-based line of `KEY=`. */
  line: number;
  /** 1-based column where the value starts. */
  valueColumn: number;
}

export interface DotenvModel {
  entries: DotenvEntry[];
  get(key: string): DotenvEntry | undefined;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*[=:]\s*/;

/** `.env` is line-oriented: each assignment line goes through dotenv's own `parse`. */
export function parseDotenv(text: string): ParseResult<DotenvModel> {
  const entries: DotenvEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]);
    if (!match) continue;
    let source = lines[i];
    let consumed = 0;
    // A quoted value may run over several lines.
    const rest = source.slice(match[0].length);
    const quote = rest[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesOnLine(rest, quote)) {
      let j = i + 1;
      while (j < lines.length) {
        source += `\n${lines[j]}`;
        consumed++;
        if (lines[j].includes(quote)) break;
        j++;
      }
    }
    const parsed = parse(source);
    const key = match[1];
    entries.push({ key, value: parsed[key] ?? '', line: i + 1, valueColumn: match[0].length + 1 });
    i += consumed;
  }
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return ok({ entries, get: (key) => byKey.get(key) });
}

function closesOnLine(rest: string, quote: string): boolean {
  return rest.indexOf(quote, 1) > 0;
}
