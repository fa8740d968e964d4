import type { ParsedFile } from '../engine/types.js';
import { mightHoldProviderSecret } from './secrets/provider-hint.js';

/**
 * Whole-text scans run where the text already is: a parser thread that parses a file (Python,
 * lockfiles: most of a repository's bytes) answers these for it too, and the rules' thread reads
 * the answer instead of scanning again. Each is a pure function of the text.
 */
export const TEXT_SCANS = {
  providerSecret: mightHoldProviderSecret,
} as const;

export type TextScan = keyof typeof TEXT_SCANS;
export type TextScanResults = Readonly<Record<TextScan, boolean>>;

export function runTextScans(text: string): TextScanResults {
  const out = {} as Record<TextScan, boolean>;
  for (const name of Object.keys(TEXT_SCANS) as TextScan[]) out[name] = TEXT_SCANS[name](text);
  return out;
}

/** A scan's answer for a file: from the thread that parsed it, else computed here. */
export function textScan(file: ParsedFile<'text'>, scan: TextScan): boolean {
  return file.model.scans?.[scan] ?? TEXT_SCANS[scan](file.text);
}
