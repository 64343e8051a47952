/**
 * The Porter stemmer exactly as SQLite's FTS5 `porter` tokenizer applies it (fts5_tokenize.c),
 * so that Folio's terms are the terms FTS5 would index: it works on the UTF-8 bytes of a
 * lowercased token, treats every non-ASCII byte as a consonant, and leaves tokens shorter than
 * 3 or longer than 64 bytes alone.
 */

const MIN_BYTES = 3;
const MAX_BYTES = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Buf = { a: number[]; n: number };

const A = 97;
const E = 101;
const I = 105;
const O = 111;
const U = 117;
const Y = 121;

function isVowel(c: number, yIsVowel: boolean): boolean {
  return c === A || c === E || c === I || c === O || c === U || (yIsVowel && c === Y);
}

/** Length of the first vowel-then-consonant run of a[from, from+n), 0 when there is none. */
function gobbleVC(a: number[], from: number, n: number, prevCons: boolean): number {
  let cons = prevCons;
  let i = 0;
  for (; i < n; i++) {
    cons = !isVowel(a[from + i], cons);
    if (!cons) break;
  }
  for (i++; i < n; i++) {
    cons = !isVowel(a[from + i], cons);
    if (cons) return i + 1;
  }
  return 0;
}

function mGt0(a: number[], n: number): boolean {
  return gobbleVC(a, 0, n, false) !== 0;
}

function mGt1(a: number[], n: number): boolean {
  const m = gobbleVC(a, 0, n, false);
  return m !== 0 && gobbleVC(a, m, n - m, true) !== 0;
}

function mEq1(a: number[], n: number): boolean {
  const m = gobbleVC(a, 0, n, false);
  return m !== 0 && gobbleVC(a, m, n - m, true) === 0;
}

/** Stem ends consonant-vowel-consonant, the last not w, x or y. */
function oStar(a: number[], n: number): boolean {
  const last = a[n - 1];
  if (last === 119 || last === 120 || last === Y) return false;
  let mask = 0;
  let cons = false;
  for (let i = 0; i < n; i++) {
    cons = !isVowel(a[i], cons);
    mask = ((mask << 1) + (cons ? 1 : 0)) & 7;
  }
  return mask === 5;
}

function hasVowel(a: number[], n: number): boolean {
  for (let i = 0; i < n; i++) if (isVowel(a[i], i > 0)) return true;
  return false;
}

function endsWith(b: Buf, suffix: string): boolean {
  const s = suffix.length;
  if (b.n <= s) return false;
  for (let i = 0; i < s; i++) if (b.a[b.n - s + i] !== suffix.charCodeAt(i)) return false;
  return true;
}

function replaceEnd(b: Buf, suffixLength: number, output: string): void {
  const stem = b.n - suffixLength;
  for (let i = 0; i < output.length; i++) b.a[stem + i] = output.charCodeAt(i);
  b.n = stem + output.length;
}

type Condition = (a: number[], n: number) => boolean;
type Rule = readonly [suffix: string, output: string, condition: Condition];

/** Applies the first rule whose suffix matches (checked in order) if its condition holds. */
function applyFirst(b: Buf, rules: readonly Rule[]): void {
  for (const [suffix, output, condition] of rules) {
    if (endsWith(b, suffix)) {
      if (condition(b.a, b.n - suffix.length)) replaceEnd(b, suffix.length, output);
      return;
    }
  }
}

function mGt1AfterSOrT(a: number[], n: number): boolean {
  return (a[n - 1] === 115 || a[n - 1] === 116) && mGt1(a, n);
}

/* The rule lists keep FTS5's order within each group of suffixes sharing a penultimate letter;
 * as no two groups' suffixes overlap, one ordered list per step gives the same result. */
const STEP2: readonly Rule[] = [
  ['ational', 'ate', mGt0],
  ['tional', 'tion', mGt0],
  ['enci', 'ence', mGt0],
  ['anci', 'ance', mGt0],
  ['izer', 'ize', mGt0],
  ['logi', 'log', mGt0],
  ['bli', 'ble', mGt0],
  ['alli', 'al', mGt0],
  ['entli', 'ent', mGt0],
  ['eli', 'e', mGt0],
  ['ousli', 'ous', mGt0],
  ['ization', 'ize', mGt0],
  ['ation', 'ate', mGt0],
  ['ator', 'ate', mGt0],
  ['alism', 'al', mGt0],
  ['iveness', 'ive', mGt0],
  ['fulness', 'ful', mGt0],
  ['ousness', 'ous', mGt0],
  ['aliti', 'al', mGt0],
  ['iviti', 'ive', mGt0],
  ['biliti', 'ble', mGt0],
];

const STEP3: readonly Rule[] = [
  ['ical', 'ic', mGt0],
  ['ness', '', mGt0],
  ['icate', 'ic', mGt0],
  ['iciti', 'ic', mGt0],
  ['ful', '', mGt0],
  ['ative', '', mGt0],
  ['alize', 'al', mGt0],
];

const STEP4: readonly Rule[] = [
  ['al', '', mGt1],
  ['ance', '', mGt1],
  ['ence', '', mGt1],
  ['er', '', mGt1],
  ['ic', '', mGt1],
  ['able', '', mGt1],
  ['ible', '', mGt1],
  ['ant', '', mGt1],
  ['ement', '', mGt1],
  ['ment', '', mGt1],
  ['ent', '', mGt1],
  ['ion', '', mGt1AfterSOrT],
  ['ou', '', mGt1],
  ['ism', '', mGt1],
  ['ate', '', mGt1],
  ['iti', '', mGt1],
  ['ous', '', mGt1],
  ['ive', '', mGt1],
  ['ize', '', mGt1],
];

function step1a(b: Buf): void {
  const { a, n } = b;
  if (a[n - 1] !== 115) return;
  if (a[n - 2] === E) {
    if ((n > 4 && a[n - 4] === 115 && a[n - 3] === 115) || (n > 3 && a[n - 3] === I)) b.n = n - 2;
    else b.n = n - 1;
  } else if (a[n - 2] !== 115) {
    b.n = n - 1;
  }
}

/** Returns true when "ed" or "ing" was removed, which triggers the step 1b clean-up. */
function step1b(b: Buf): boolean {
  if (endsWith(b, 'eed')) {
    if (mGt0(b.a, b.n - 3)) replaceEnd(b, 3, 'ee');
    return false;
  }
  if (endsWith(b, 'ed')) {
    if (!hasVowel(b.a, b.n - 2)) return false;
    b.n -= 2;
    return true;
  }
  if (endsWith(b, 'ing')) {
    if (!hasVowel(b.a, b.n - 3)) return false;
    b.n -= 3;
    return true;
  }
  return false;
}

function step1bCleanUp(b: Buf): void {
  for (const [suffix, output] of [
    ['at', 'ate'],
    ['bl', 'ble'],
    ['iz', 'ize'],
  ] as const) {
    if (endsWith(b, suffix)) {
      replaceEnd(b, 2, output);
      return;
    }
  }
  const c = b.a[b.n - 1];
  if (!isVowel(c, false) && c !== 108 && c !== 115 && c !== 122 && c === b.a[b.n - 2]) {
    b.n--;
  } else if (mEq1(b.a, b.n) && oStar(b.a, b.n)) {
    b.a[b.n++] = E;
  }
}

function stemBytes(b: Buf): void {
  step1a(b);
  if (step1b(b)) step1bCleanUp(b);
  if (b.a[b.n - 1] === Y && hasVowel(b.a, b.n - 1)) b.a[b.n - 1] = I;
  applyFirst(b, STEP2);
  applyFirst(b, STEP3);
  applyFirst(b, STEP4);
  if (b.a[b.n - 1] === E) {
    if (mGt1(b.a, b.n - 1) || (mEq1(b.a, b.n - 1) && !oStar(b.a, b.n - 1))) b.n--;
  }
  if (b.n > 1 && b.a[b.n - 1] === 108 && b.a[b.n - 2] === 108 && mGt1(b.a, b.n - 1)) b.n--;
}

/** Stems one lowercased token. */
export function porterStem(token: string): string {
  const bytes = encoder.encode(token);
  if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) return token;
  const b: Buf = { a: Array.from(bytes), n: bytes.length };
  stemBytes(b);
  return decoder.decode(Uint8Array.from(b.a.slice(0, b.n)));
}
