import type { Category, Finding } from '../engine/types.js';
import type { Issue } from './issues.js';
import type { MarkdownWords } from './markdown-words.js';
import { capped, locationMarkdown, oneLine } from './md.js';

type Track = 'security' | 'deployment' | 'stability' | 'quality';
const TRACKS: Track[] = ['security', 'deployment', 'stability', 'quality'];
const TRACK_OF: Record<Category, Track> = {
  security: 'security',
  deployment: 'deployment',
  dependencies: 'deployment',
  reliability: 'stability',
  observability: 'quality',
};
const MAX_EVIDENCE_PATHS = 100;

/**
 * The roadmap, in the seeds' order: the security baseline takes every P0 (whatever its area) and
 * every security issue; then deployment and dependencies, then reliability, then observability.
 */
export function roadmapSection(issues: readonly Issue[], w: MarkdownWords): string[] {
  const stepOf = (i: Issue): Track => (i.priority === 'P0' ? 'security' : TRACK_OF[i.category]);
  return numberedTracks(w.roadmap, w.step, w, (track) =>
    unique(issues.filter((i) => stepOf(i) === track).map((i) => `${oneLine(i.title)}${w.priorityTag(i.priority)}`)),
  );
}

/** Work packages by area, each listing the fixes to make. */
export function deliverablesSection(issues: readonly Issue[], w: MarkdownWords): string[] {
  return numberedTracks(w.deliverables, w.pack, w, (track) =>
    unique(issues.filter((i) => TRACK_OF[i.category] === track).map((i) => oneLine(i.fix))),
  );
}

function numberedTracks(heading: string, names: Record<Track, string>, w: MarkdownWords, itemsOf: (t: Track) => string[]): string[] {
  const out = [`## ${heading}`, ''];
  let n = 0;
  for (const track of TRACKS) {
    const items = itemsOf(track);
    if (!items.length) continue;
    out.push(`${++n}) ${names[track]}`, ...items.map((item) => `- ${item}`), '');
  }
  if (!n) out.push(w.nothingToChange, '');
  return out;
}

/** Every path any evidence points at, once, sorted. */
export function evidenceSection(findings: readonly Finding[], w: MarkdownWords): string[] {
  const paths = [...new Set(findings.flatMap((f) => f.evidence.map((e) => e.path)))].sort();
  const list = capped(paths, MAX_EVIDENCE_PATHS);
  const out = [`## ${w.evidence}`, ''];
  if (!paths.length) out.push(w.noEvidence);
  out.push(...list.shown.map((p) => `- ${locationMarkdown({ path: p }, w.root)}`));
  if (list.more) out.push(`- ${w.more(list.more)}`);
  out.push('');
  return out;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
