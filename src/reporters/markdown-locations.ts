import type { Evidence, Finding } from '../engine/types.js';
import type { MarkdownWords } from './markdown-words.js';
import { capped, locationMarkdown } from './md.js';

const MAX_LOCATIONS = 10;
/** Related places shown after one primary location; the evidence list at the end has them all. */
const MAX_RELATED = 3;

/** One primary location and the related places its findings point at. */
interface Place {
  primary: Evidence;
  related: Evidence[];
}

/**
 * The Location field of an issue: every finding's primary location, each followed by its related
 * evidence (the client file that reads a leaked key, the route behind an nginx location), e.g.
 * `` `.env:7` (see also `src/ChatWidget.tsx:5`) ``. One place, or places without related evidence,
 * stay on one line; several places with related evidence become a sub-list.
 */
export function locationLines(findings: readonly Finding[], w: MarkdownWords, field: (label: string, text: string) => string): string[] {
  const places = placesOf(findings, w);
  const texts = places.map((p) => placeText(p, w));
  const list = capped(texts, MAX_LOCATIONS);
  const more = list.more ? w.more(list.more) : '';
  if (texts.length === 1 || places.every((p) => !p.related.length)) {
    return [field(w.location, `${list.shown.join(w.listSep)}${more ? `${w.moreSep}${more}` : ''}`)];
  }
  return [`- ${w.location}${w.colon.trimEnd()}`, ...list.shown.map((t) => `  - ${t}`), ...(more ? [`  - ${more}`] : [])];
}

/** Findings that share a primary location are one place; related evidence is merged, in order. */
function placesOf(findings: readonly Finding[], w: MarkdownWords): Place[] {
  const byPrimary = new Map<string, Place>();
  // Shown once per issue: five unguarded routes that all cite the same guarded one name it once.
  const seen = new Set(findings.flatMap((f) => (f.evidence[0] ? [locationMarkdown(f.evidence[0], w.root)] : [])));
  for (const finding of findings) {
    const [primary, ...rest] = finding.evidence;
    if (!primary) continue;
    const key = locationMarkdown(primary, w.root);
    let place = byPrimary.get(key);
    if (!place) {
      place = { primary, related: [] };
      byPrimary.set(key, place);
    }
    for (const e of rest) {
      const text = locationMarkdown(e, w.root);
      // A file-level mention of the primary's own file adds nothing to `file:line`.
      if (seen.has(text) || (!e.line && e.path === primary.path)) continue;
      seen.add(text);
      place.related.push(e);
    }
  }
  return [...byPrimary.values()];
}

function placeText(place: Place, w: MarkdownWords): string {
  const primary = locationMarkdown(place.primary, w.root);
  if (!place.related.length) return primary;
  const { shown, more } = capped(place.related, MAX_RELATED);
  const sameFileLines = shown.filter((e) => e.path === place.primary.path && e.line).map((e) => e.line!);
  const items = [
    ...(sameFileLines.length ? [w.lines(sameFileLines)] : []),
    ...shown.filter((e) => !(e.path === place.primary.path && e.line)).map((e) => locationMarkdown(e, w.root)),
  ];
  const list = items.join(w.listSep);
  // Chinese needs no space between a word and 等另 N 处: `第 13、14 行等另 6 处`.
  const sep = /[\u4e00-\u9fff）]$/.test(list) ? '' : w.moreSep;
  return `${primary}${w.seeAlso(`${list}${more ? `${sep}${w.more(more)}` : ''}`)}`;
}
