/**
 * Just enough of POSIX shell to read `RUN`, `CMD` and CI `run:` lines: words (quotes removed),
 * simple commands, and pipelines. `$(…)` and `<(…)` stay inside their word, as text.
 */

/** A pipeline: the simple commands joined by `|`, each a list of words. */
export type Pipeline = string[][];

export function parseShell(script: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let pipeline: Pipeline = [];
  let command: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) command.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (command.length) pipeline.push(command);
    command = [];
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length) pipelines.push(pipeline);
    pipeline = [];
  };

  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\') {
      if (script[i + 1] === '\n') {
        i++;
        continue;
      }
      word += script[i + 1] ?? '';
      inWord = true;
      i++;
      continue;
    }
    if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? script.length : close;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          word += script[j + 1];
          j += 2;
          continue;
        }
        word += script[j];
        j++;
      }
      inWord = true;
      i = j;
      continue;
    }
    if ((ch === '$' || ch === '<' || ch === '>') && script[i + 1] === '(') {
      const close = matchingParen(script, i + 1);
      word += script.slice(i, close + 1);
      inWord = true;
      i = close;
      continue;
    }
    if (ch === '#' && !inWord) {
      const nl = script.indexOf('\n', i);
      i = nl < 0 ? script.length : nl - 1;
      continue;
    }
    if (ch === '|' && script[i + 1] !== '|') {
      endCommand();
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '{' || ch === '}') {
      if ((ch === '{' || ch === '}') && inWord) {
        word += ch;
        continue;
      }
      if ((ch === '&' || ch === '|') && script[i + 1] === ch) i++;
      endPipeline();
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      continue;
    }
    word += ch;
    inWord = true;
  }
  endPipeline();
  return pipelines;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return text.length - 1;
}

const PREFIXES = new Set(['sudo', 'exec', 'env', 'nohup', 'time', 'command', 'dumb-init', 'tini', '--', 'gosu', 'su-exec']);

/**
 * The words of a command from the program on: leading `VAR=value` assignments and wrappers
 * (`sudo`, `exec`, `env`, `tini --`, `gosu user`) dropped.
 */
export function programWords(words: readonly string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    if (/^[A-Za-z_]\w*=/.test(w)) {
      i++;
      continue;
    }
    if (PREFIXES.has(basenameOf(w))) {
      // `gosu user cmd` / `su-exec user cmd` take a user first.
      i += basenameOf(w) === 'gosu' || basenameOf(w) === 'su-exec' ? 2 : 1;
      while (i < words.length && words[i].startsWith('-') && words[i] !== '--') i++;
      if (words[i] === '--') i++;
      continue;
    }
    break;
  }
  return words.slice(i);
}

export function basenameOf(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Every simple command of a script, in order, as program words. */
export function simpleCommands(script: string): string[][] {
  return parseShell(script)
    .flat()
    .map(programWords)
    .filter((w) => w.length > 0);
}
