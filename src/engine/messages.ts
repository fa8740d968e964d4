import type { Lang, MessageValue, RuleMeta } from './types.js';

/** How each language joins the items of a list placeholder. */
const LIST_SEPARATOR: Record<Lang, string> = { en: ', ', zh: '、' };

/** The text of one data value in `lang`: lists are joined the way that language writes lists. */
export function messageValueText(value: MessageValue, lang: Lang): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(LIST_SEPARATOR[lang]);
  return (value as { en: string; zh: string })[lang];
}

/** Fills `{{name}}` placeholders; unknown names stay visible rather than vanish. */
export function renderTemplate(template: string, data: Record<string, MessageValue> = {}, lang: Lang = 'en'): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? messageValueText(data[name], lang) : whole,
  );
}

export function renderMessage(
  meta: RuleMeta,
  messageId: string,
  data: Record<string, MessageValue> | undefined,
  lang: Lang,
): string {
  const message = meta.messages[messageId];
  if (!message) throw new Error(`rule ${meta.id} reported unknown messageId "${messageId}"`);
  return renderTemplate(message[lang], data, lang);
}
