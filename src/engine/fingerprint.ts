import { createHash } from 'node:crypto';

/**
 * A fingerprint that survives moved lines: rule, file, the normalised snippet of the primary
 * evidence and the rule's own key; the occurrence count separates identical findings in one file.
 */
export function fingerprintOf(parts: { ruleId: string; path: string; snippet?: string; key?: string }): string {
  const snippet = (parts.snippet ?? '').replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([parts.ruleId, parts.path, snippet, parts.key ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

export function withOccurrence(fingerprint: string, occurrence: number): string {
  return occurrence === 0 ? fingerprint : `${fingerprint}:${occurrence}`;
}
