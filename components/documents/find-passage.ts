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
 * Where the page's text as the server read it (which passages' offsets point into) puts the
 * passage: that text, and the passage's [start, end) relative to it, before 0 or past its end
 * where the passage runs over from the page before or into the next.
 */
export interface PlaceOnPage {
  text: string;
  start: number;
  end: number;
}

/**
 * Which of the page's places for `anchor` the passage is, as the server's text of the page
 * counts them: how many times it says `anchor` before the passage starts there (or, `atEnd`,
 * how many of its `anchor`s end before the passage ends, the passage's own one not counted).
 * The text layer differs from the server's text in spacing, hyphens, items and the headers the
 * server leaves out, but both say the page's copies of the same words in the same order (its
 * columns in reading order, as PDFs are written): the n-th time the one says `anchor` is the
 * n-th time the other does. Undefined without a place, or when the passage does not start (end)
 * on this page.
 */
function ordinal(place: PlaceOnPage | undefined, anchor: string, atEnd = false) {
  const offset = atEnd ? place?.end : place?.start;
  if (!place || offset === undefined || offset < 0 || offset > place.text.length) return undefined;
  const page = squeeze(place.text);
  // The passage's start (end) in the squeezed text: how many characters are kept before it.
  const at = page.offsets.findIndex((o) => o >= offset);
  const squeezed = at < 0 ? page.text.length : at;
  const found = occurrences(page.text, anchor);
  if (!atEnd) return found.filter((o) => o < squeezed).length;
  const ending = found.filter((o) => o + anchor.length <= squeezed).length;
  return ending > 0 ? ending - 1 : undefined;
}

/**
 * Of `candidates`, the one `score` rates highest, with its score. On a tie, the one at index
 * `ordinal` when it is among the best (the server's text says it is the passage), else the first
 * (or, `lastOnTie`, the last). Each candidate is scored once.
 */
function best<T>(
  candidates: T[],
  score: (candidate: T) => number,
  { ordinal, lastOnTie = false }: { ordinal?: number; lastOnTie?: boolean },
) {
  const scored = candidates.map((at) => ({ at, score: score(at) }));
  const top = Math.max(...scored.map((c) => c.score));
  const named = ordinal === undefined ? undefined : scored[ordinal];
  if (named?.score === top) return named;
  const tied = scored.filter((c) => c.score === top);
  return lastOnTie ? tied[tied.length - 1] : tied[0];
}

/**
 * Where a passage is in a text, as [start, end) offsets of the original, ignoring differences
 * in whitespace. A passage that runs over from the previous page or into the next one is found
 * by its start or its end, and marked as far as the page's text goes on agreeing with it: up to
 * the end of its part on this page, not over the page's footer or margin notes.
 *
 * A page may say the passage's opening (or closing) words more than once: a list of steps that
 * each begin alike, a refrain, a sentence quoted again. Of their places, the passage is where the
 * page agrees with it longest. Among equally good places (its whole text said twice, say), the
 * passage is the one `place`, the server's text of the page, counts it as (see `ordinal`); without
 * it, a passage running into the next page is the last of them (it ends the page) and any other
 * the first (one running over from the previous page opens the page).
 */
export function findPassage(
  haystack: string,
  passage: string,
  place?: PlaceOnPage,
): { start: number; end: number } | undefined {
  const page = squeeze(haystack);
  const needle = squeeze(passage).text;
  if (!needle || page.offsets.length === 0) return undefined;
  const at = (from: number, to: number) => ({
    start: page.offsets[from],
    end: page.offsets[Math.min(to, page.offsets.length) - 1] + 1,
  });
  const wholes = occurrences(page.text, needle);
  if (wholes.length > 0) {
    const whole = best(wholes, () => needle.length, { ordinal: ordinal(place, needle) });
    return at(whole.at, whole.at + needle.length);
  }
  const head = needle.slice(0, anchorLength);
  const heads = occurrences(page.text, head);
  const tail = needle.slice(-anchorLength);
  const tails = occurrences(page.text, tail);
  const agreedFrom = (start: number) => sharedLength(page.text.slice(start), needle);
  const agreedTo = (end: number) =>
    sharedLength(page.text.slice(0, end + tail.length), needle, true);
  const tailOrdinal = ordinal(place, tail, true);
  // Both ends on this page: the text between them differs somewhere, but this is the passage,
  // from the start nearest before its end.
  const spans = tails.flatMap((end, n) => {
    const start = heads.findLast((h) => h <= end);
    return start === undefined ? [] : [{ start, end, n }];
  });
  if (spans.length > 0) {
    const misfit = ({ start, end }: { start: number; end: number }) =>
      Math.abs(end + tail.length - start - needle.length);
    const named = spans.findIndex(({ n }) => n === tailOrdinal);
    const span = best(spans, (s) => -misfit(s), { ordinal: named < 0 ? undefined : named });
    return at(span.at.start, span.at.end + tail.length);
  }
  if (heads.length > 0) {
    const start = best(heads, agreedFrom, { ordinal: ordinal(place, head), lastOnTie: true });
    return at(start.at, start.at + start.score);
  }
  if (tails.length > 0) {
    const end = best(tails, agreedTo, { ordinal: tailOrdinal });
    return at(end.at + tail.length - end.score, end.at + tail.length);
  }
  return undefined;
}
