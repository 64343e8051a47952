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

/** Where `needle` starts in `text`, every time. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * Of `candidates`, the one `score` rates highest, with its score; on a tie, the first (or,
 * `lastOnTie`, the last). Each candidate is scored once.
 */
function best(candidates: number[], score: (at: number) => number, lastOnTie = false) {
  let chosen = { at: candidates[0], score: score(candidates[0]) };
  for (const at of candidates.slice(1)) {
    const mine = score(at);
    if (mine > chosen.score || (lastOnTie && mine === chosen.score)) chosen = { at, score: mine };
  }
  return chosen;
}

/**
 * Where a passage is in a text, as [start, end) offsets of the original, ignoring differences
 * in whitespace. A passage that runs over from the previous page or into the next one is found
 * by its start or its end, and marked as far as the page's text goes on agreeing with it: up to
 * the end of its part on this page, not over the page's footer or margin notes.
 *
 * A page may say the passage's opening (or closing) words more than once: a list of steps that
 * each begin alike, a refrain, a sentence quoted again. Of their places, the passage is where the
 * page agrees with it longest; on a tie, a passage running into the next page is the last of them
 * (it ends the page) and one running over from the previous page the first (it opens the page).
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
  const heads = occurrences(page.text, needle.slice(0, anchorLength));
  const tail = needle.slice(-anchorLength);
  const tails = occurrences(page.text, tail);
  const agreedFrom = (head: number) => sharedLength(page.text.slice(head), needle);
  const agreedTo = (end: number) =>
    sharedLength(page.text.slice(0, end + tail.length), needle, true);
  // Both ends on this page: the text between them differs somewhere, but this is the passage,
  // from the start nearest before its end.
  const spans = tails.flatMap((end) => {
    const head = heads.findLast((h) => h <= end);
    return head === undefined ? [] : [{ head, end }];
  });
  if (spans.length > 0) {
    const misfit = ({ head, end }: { head: number; end: number }) =>
      Math.abs(end + tail.length - head - needle.length);
    const { head, end } = spans.reduce((a, b) => (misfit(b) < misfit(a) ? b : a));
    return at(head, end + tail.length);
  }
  if (heads.length > 0) {
    const head = best(heads, agreedFrom, true);
    return at(head.at, head.at + head.score);
  }
  if (tails.length > 0) {
    const end = best(tails, agreedTo);
    return at(end.at + tail.length - end.score, end.at + tail.length);
  }
  return undefined;
}
