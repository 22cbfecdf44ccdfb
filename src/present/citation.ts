import type { Citation } from '../types.js';

/**
 * A quote's source as one line: title, date and section, with each date shown once. A source's
 * `published` may repeat a date its title or the section already gives ("Social media guidance for
 * civil servants: October 2014" is also "published: October 2014 (updated 20 October 2014)"), and
 * a passage's own date may repeat the source's: the repeated part is left out, and anything else it
 * says (here "updated 20 October 2014") kept. Nothing else is changed.
 */
export function citationLine(source: Pick<Citation, 'title' | 'published' | 'section'>): string {
  return [source.title, datedOnce(source), source.section].filter(Boolean).join(', ');
}

/** `published`, less the parts with a date that the title, the section or an earlier part already show. */
function datedOnce({ title, published, section }: Pick<Citation, 'title' | 'published' | 'section'>): string {
  if (!published) return published;
  const parts = published
    .split(/[(),;]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const kept: string[] = [];
  for (const part of parts) {
    const shown = [title, section, ...kept];
    if (YEAR.test(part) && shown.some((text) => containsPhrase(text, part))) continue;
    kept.push(part);
  }
  return kept.length === parts.length ? published : kept.join(', ');
}

const YEAR = /(?<!\d)(1[89]|20)\d\d(?!\d)/;

/** Whether `phrase` stands in `text` as whole words, ignoring case and spacing. */
function containsPhrase(text: string, phrase: string): boolean {
  const words = phrase
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** A quote on one line, in quotation marks, cut at a word to at most `limit` characters (with "…"). */
export function excerpt(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? `“${flat}”` : `“${flat.slice(0, limit - 1).replace(/\s+\S*$/, '')}…”`;
}
