/** How many characters (not counting spaces) identify a passage's start or end. */
const anchorLength = 80;

interface Squeezed {
  /** The text without whitespace, lower-cased. */
  text: string;
  /** For each character of `text`, its offset in the original. */
  offsets: number[];
}

/**
 * Text extraction differs in spacing, line breaks and hyphens (Folio mends a word hyphenated at
 * a line break, the page still shows "rep-" and "resentation"); compare without them.
 */
function squeeze(text: string): Squeezed {
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/[\s\u00ad-]/.test(ch)) continue;
    out += ch.toLowerCase();
    offsets.push(i);
  }
  return { text: out, offsets };
}

/** How many characters `a` and `b` have in common from their starts (or, backwards, ends). */
function sharedLength(a: string, b: string, backwards = false): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && (backwards ? a[a.length - 1 - i] === b[b.length - 1 - i] : a[i] === b[i])) i++;
  return i;
}

/**
 * Where a passage is in a text, as [start, end) offsets of the original, ignoring differences
 * in whitespace. A passage that runs over from the previous page or into the next one is found
 * by its start or its end, and marked as far as the page's text goes on agreeing with it: up to
 * the end of its part on this page, not over the page's footer or margin notes.
 */
export function findPassage(
  haystack: string,
  passage: string,
): { start: number; end: number } | undefined {
  const page = squeeze(haystack);
  const needle = squeeze(passage).text;
  if (!needle || page.offsets.length === 0) return undefined;
  const at = (from: number, to: number) => ({
    start: page.offsets[from],
    end: page.offsets[Math.min(to, page.offsets.length) - 1] + 1,
  });
  const whole = page.text.indexOf(needle);
  if (whole >= 0) return at(whole, whole + needle.length);
  const head = page.text.indexOf(needle.slice(0, anchorLength));
  const tail = needle.slice(-anchorLength);
  const end = page.text.indexOf(tail, Math.max(head, 0));
  // Both ends on this page: the text between them differs somewhere, but this is the passage.
  if (head >= 0 && end >= 0) return at(head, end + tail.length);
  if (head >= 0) return at(head, head + sharedLength(page.text.slice(head), needle));
  if (end >= 0) {
    const before = page.text.slice(0, end + tail.length);
    return at(end + tail.length - sharedLength(before, needle, true), end + tail.length);
  }
  return undefined;
}
