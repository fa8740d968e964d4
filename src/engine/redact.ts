/**
 * Secrets never leave prodcheck whole: a few leading characters and the length, nothing more.
 * The value is masked wherever it appears, in any finding's snippet or message.
 */
export function redactValue(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…[redacted ${secret.length} chars]`;
}

export class Redactor {
  private readonly secrets: string[] = [];

  add(secret: string): void {
    // Very short values would mask ordinary words; rules only report real-looking secrets.
    if (secret.length >= 6 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  apply(text: string): string;
  apply(text: string | undefined): string | undefined;
  apply(text: string | undefined): string | undefined {
    if (!text || !this.secrets.length) return text;
    let out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(redactValue(secret));
    }
    return out;
  }
}
