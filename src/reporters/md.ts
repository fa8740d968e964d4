import type { Evidence } from '../engine/types.js';

/** An inline code span that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** Report text is one line per field: a message with a newline would break the list item. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** `path:line`, the file alone for a file-level finding, or the root's name for `.`. */
export function locationText(e: Pick<Evidence, 'path' | 'line'>, rootName: string): string {
  if (e.path === '.' || e.path === '') return rootName;
  return e.line ? `${e.path}:${e.line}` : e.path;
}

/** Shows at most `max` items and says how many more there are; "and 1 more" is never worth a line of its own. */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return items.length > max + 2 ? { shown: items.slice(0, max), more: items.length - max } : { shown: [...items], more: 0 };
}

/** Width in terminal cells: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** A location as Markdown: a code span, except the repository root, which is words. */
export function locationMarkdown(e: Pick<Evidence, 'path' | 'line'>, rootName: string): string {
  return e.path === '.' || e.path === '' ? rootName : code(locationText(e, rootName));
}
