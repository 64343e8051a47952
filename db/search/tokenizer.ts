import { porterStem } from './porter';
import { STOP_STEMS } from './stopwords';

/**
 * Splits text into tokens the way SQLite FTS5's `porter unicode61` tokenizer does, so Folio's
 * scores can be checked against FTS5's bm25(): letters, digits and private-use characters make
 * up tokens, everything else separates them; tokens are lowercased, single diacritics are
 * removed from Latin letters (remove_diacritics 1) and the Porter stemmer is applied.
 */

const DIACRITIC_MIN = 768;
const DIACRITIC_MAX = 817;
// The combining marks (U+0300..U+0331) FTS5 lets continue a token and then drops.
const DIACRITIC_MASK_LOW = 0x08029fdf;
const DIACRITIC_MASK_HIGH = 0x000361f8;
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const COMBINING_MARK = /\p{Mn}/u;
// FTS5 folds the final sigma to the ordinary one, as Unicode case folding does.
const FINAL_SIGMA = 0x3c2;

function isDiacritic(code: number): boolean {
  if (code < DIACRITIC_MIN || code > DIACRITIC_MAX) return false;
  const bit = code - DIACRITIC_MIN;
  return bit < 32
    ? (DIACRITIC_MASK_LOW & (1 << bit)) !== 0
    : (DIACRITIC_MASK_HIGH & (1 << (bit - 32))) !== 0;
}

function isAsciiTokenChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

const tokenCharCache = new Map<number, boolean>();
function isTokenChar(code: number): boolean {
  if (code < 128) return isAsciiTokenChar(code);
  let known = tokenCharCache.get(code);
  if (known === undefined) {
    known = TOKEN_CHAR.test(String.fromCodePoint(code));
    tokenCharCache.set(code, known);
  }
  return known;
}

const foldCache = new Map<number, string>();
/** Lowercases one non-ASCII character and strips a single diacritic from a Latin letter. */
function foldNonAscii(code: number): string {
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const char = code === FINAL_SIGMA ? 'σ' : String.fromCodePoint(code);
    const lower = char.toLowerCase();
    folded = [...lower].length === 1 ? lower : char;
    const parts = [...char.normalize('NFD')];
    if (
      parts.length === 2 &&
      /^[a-z]$/i.test(parts[0]) &&
      COMBINING_MARK.test(parts[1]) &&
      code < 0x2000
    ) {
      folded = parts[0].toLowerCase();
    }
    foldCache.set(code, folded);
  }
  return folded;
}

function codePointLength(code: number): number {
  return code > 0xffff ? 2 : 1;
}

/** Folds a token with non-ASCII characters; its diacritic marks are dropped. */
function foldToken(raw: string): string {
  let token = '';
  for (const char of raw) {
    const code = char.codePointAt(0)!;
    if (code < 128) token += char.toLowerCase();
    else if (!isDiacritic(code)) token += foldNonAscii(code);
  }
  return token;
}

/** The lowercased, unstemmed tokens of `text`, stop words included. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const end = text.length;
  let i = 0;
  while (i < end) {
    const first = text.codePointAt(i)!;
    if (!isTokenChar(first)) {
      i += codePointLength(first);
      continue;
    }
    const start = i;
    let ascii = true;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        if (!isAsciiTokenChar(code)) break;
        i++;
      } else {
        const point = text.codePointAt(i)!;
        if (!isTokenChar(point) && !isDiacritic(point)) break;
        ascii = false;
        i += codePointLength(point);
      }
    }
    // Slicing keeps ASCII tokens flat strings, which makes the stem cache's lookups cheap.
    const raw = text.slice(start, i);
    tokens.push(ascii ? raw.toLowerCase() : foldToken(raw));
  }
  return tokens;
}

const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();
/** The Porter stem of a token, memoized because vocabularies are small next to token counts. */
export function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = porterStem(token);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, stemmed);
  }
  return stemmed;
}

export function isStopStem(term: string): boolean {
  return STOP_STEMS.has(term);
}

/** What a passage contributes to the index: its length in tokens and its non-stop term counts. */
export type AnalyzedPassage = { length: number; termCounts: Map<string, number> };

export function analyzePassage(text: string): AnalyzedPassage {
  const tokens = tokenize(text);
  const termCounts = new Map<string, number>();
  for (const token of tokens) {
    const term = stem(token);
    if (isStopStem(term)) continue;
    termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
  }
  return { length: tokens.length, termCounts };
}

/** One query term: its stem and the first word of the query that produced it. */
export type QueryTerm = { term: string; word: string };

/** The distinct non-stop terms of a query, in the order they first occur. */
export function analyzeQuery(text: string): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const word of tokenize(text)) {
    const term = stem(word);
    if (isStopStem(term) || seen.has(term)) continue;
    seen.add(term);
    terms.push({ term, word });
  }
  return terms;
}
