/**
 * Whether JS/TS text has a backslash escape that could spell a letter (`\u0065`, `\x65`, `\145`,
 * `\S`, a line continuation). Without one, every identifier and the letters of every cooked string
 * are written verbatim in the text, which is what a word prefilter on JS text relies on.
 */
export function jsMayEscapeLetters(text: string): boolean {
  return /\\[^ntrbfv'"\\/`$]/.test(text);
}
