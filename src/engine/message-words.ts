import type { MessageValue } from './types.js';

/**
 * Helpers for rules that build message data. Data is rendered into every language, so anything
 * that is prose (not a name, path or code) must be given in both: `translated`, `counted`.
 */

/** Text that differs by language. */
export function translated(en: string, zh: string): MessageValue {
  return { en, zh };
}

/** `1 call` / `3 calls` in English, `3 处` in Chinese. */
export function counted(n: number, one: string, many: string, zhUnit: string): MessageValue {
  return { en: `${n} ${n === 1 ? one : many}`, zh: `${n} ${zhUnit}` };
}

/** `` `record()` ``, or words for a callback the analysis could not name (`(anonymous)`). */
export function functionLabel(fn: string): MessageValue {
  return fn === '(anonymous)' || !fn ? { en: 'an anonymous function', zh: '一个匿名函数' } : `\`${fn}()\``;
}

/** `A, B or C` in English, `A、B、C` in Chinese (a plain `string[]` gives `A, B, C`). */
export function joined(items: readonly string[], conjunction: 'and' | 'or'): MessageValue {
  const en = items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
  return { en, zh: items.join('、') };
}

/** Letters whose English name starts with a vowel sound: an `FBI`, an `SMTP`, an `AWS` key. */
const VOWEL_SOUND_LETTERS = new Set([...'AEFHILMNORSX']);
/** Spelt-out names that are read letter by letter although written in lower case. */
const LOWERCASE_ACRONYMS = new Set(['npm', 'ssh', 'smtp', 'rsa', 'hmac', 'url', 'api', 'sdk', 'sso', 'ftp', 'mfa', 'xml', 'http', 'https']);

/** `an OpenAI API key`, `a GitHub token`, `an AWS access key ID`, `a user`: the article English needs. */
export function withIndefiniteArticle(phrase: string): string {
  return `${startsWithVowelSound(phrase) ? 'an' : 'a'} ${phrase}`;
}

function startsWithVowelSound(phrase: string): boolean {
  const word = phrase.trim().split(/[\s-]/)[0] ?? '';
  if (!word) return false;
  const letters = word.replace(/[^A-Za-z0-9]/g, '');
  // Read letter by letter: an acronym in capitals (AWS, SSH, HMAC) or a known lower-case one.
  if ((letters.length > 1 && letters === letters.toUpperCase() && /[A-Z]/.test(letters)) || LOWERCASE_ACRONYMS.has(letters.toLowerCase())) {
    return VOWEL_SOUND_LETTERS.has(letters[0].toUpperCase());
  }
  const lower = word.toLowerCase();
  if (/^(?:uni|use|usa|usu|ute|eu|one|once)/.test(lower)) return false;
  if (/^(?:hour|honest|honou?r|heir)/.test(lower)) return true;
  return /^[aeiou]/.test(lower);
}

/** The phrase with its first letter in capitals, to start a sentence. */
export function capitalised(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
