import type { Lang, RuleMeta } from './types.js';

/** Fills `{{name}}` placeholders; unknown names stay visible rather than vanish. */
export function renderTemplate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

export function renderMessage(
  meta: RuleMeta,
  messageId: string,
  data: Record<string, string | number> | undefined,
  lang: Lang,
): string {
  const message = meta.messages[messageId];
  if (!message) throw new Error(`rule ${meta.id} reported unknown messageId "${messageId}"`);
  return renderTemplate(message[lang], data);
}
