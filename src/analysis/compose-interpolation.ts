/**
 * Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `$$`), resolved against the project `.env`.
 * The shell environment of the deploying machine is unknown: a variable the `.env` does not set
 * is "unset", and the result says so instead of guessing.
 */

/** Where a variable's value came from. */
export type VariableOrigin = 'dotenv' | 'default' | 'unset' | 'required';

/** Where an interpolated value as a whole came from. */
export type ValueOrigin = 'literal' | VariableOrigin;

export interface VariableUse {
  name: string;
  origin: VariableOrigin;
  /** The value it resolved to (`''` when unset or required). */
  value: string;
  /** 1-based line in the `.env` that set it, when it came from there. */
  dotenvLine?: number;
}

export interface Interpolated {
  value: string;
  origin: ValueOrigin;
  vars: VariableUse[];
}

export interface DotenvLookup {
  /** The `.env` path used, when there is one in the repository. */
  path?: string;
  get(name: string): { value: string; line: number } | undefined;
}

export const NO_DOTENV: DotenvLookup = { get: () => undefined };

/**
 * `unsetAs` replaces variables with no known value (instead of the empty string compose would
 * use), so a caller can tell which part of a value is unknown.
 */
export function interpolate(text: string, env: DotenvLookup, unsetAs = ''): Interpolated {
  const vars: VariableUse[] = [];
  const value = expand(text, { path: env.path, get: (name) => env.get(name), unsetAs }, vars);
  return { value, origin: overallOrigin(vars), vars };
}

interface Lookup extends DotenvLookup {
  unsetAs: string;
}

function overallOrigin(vars: VariableUse[]): ValueOrigin {
  if (!vars.length) return 'literal';
  if (vars.some((v) => v.origin === 'required')) return 'required';
  if (vars.some((v) => v.origin === 'unset')) return 'unset';
  if (vars.some((v) => v.origin === 'dotenv')) return 'dotenv';
  return 'default';
}

function expand(text: string, env: Lookup, vars: VariableUse[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += expandBraced(text.slice(i + 2, close), env, vars);
      i = close + 1;
      continue;
    }
    const bare = /^[A-Za-z_]\w*/.exec(text.slice(i + 1));
    if (bare) {
      out += lookup(bare[0], env, vars);
      i += 1 + bare[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function expandBraced(inner: string, env: Lookup, vars: VariableUse[]): string {
  const match = /^([A-Za-z_]\w*)(?:(:?)([-?+])([\s\S]*))?$/.exec(inner);
  if (!match) return '';
  const [, name, colon, op, word] = match;
  const known = env.get(name);
  const isSet = known !== undefined && (colon ? known.value !== '' : true);
  if (!op) return lookup(name, env, vars);
  if (op === '-') {
    if (isSet) return lookup(name, env, vars);
    const fallback = expand(word ?? '', env, []);
    vars.push({ name, origin: 'default', value: fallback });
    return fallback;
  }
  if (op === '?') {
    if (isSet) return lookup(name, env, vars);
    vars.push({ name, origin: 'required', value: '' });
    return env.unsetAs;
  }
  // `:+`: the alternative only when the variable is set.
  if (isSet) {
    vars.push({ name, origin: 'dotenv', value: known!.value, dotenvLine: known!.line });
    return expand(word ?? '', env, vars);
  }
  vars.push({ name, origin: 'unset', value: '' });
  return env.unsetAs;
}

function lookup(name: string, env: Lookup, vars: VariableUse[]): string {
  const known = env.get(name);
  if (known) {
    vars.push({ name, origin: 'dotenv', value: known.value, dotenvLine: known.line });
    return known.value;
  }
  vars.push({ name, origin: 'unset', value: '' });
  return env.unsetAs;
}
