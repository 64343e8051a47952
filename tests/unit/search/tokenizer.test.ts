import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SQUAD_DEV_PATH } from '@/bench/lib/squad';
import { analyzeQuery, stem, tokenize } from '@/db/search/tokenizer';

/** The terms FTS5's `porter unicode61` tokenizer produces for each text, in order. */
function fts5Terms(texts: readonly string[]): string[][] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61');
           CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
  const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
  for (const [i, text] of texts.entries()) insert.run(i + 1, text);
  const terms: string[][] = texts.map(() => []);
  const rows = db.prepare<[], { term: string; doc: number; offset: number }>(
    'SELECT term, doc, offset FROM v',
  );
  for (const { term, doc, offset } of rows.iterate()) terms[doc - 1][offset] = term;
  return terms;
}

const ourTerms = (text: string) => tokenize(text).map(stem);

const SUFFIXES = `s es ies sses ed ing eed ational tional enci anci izer logi bli alli entli eli
ousli ization ation ator alism iveness fulness ousness aliti iviti biliti ical ness icate iciti ful
ative alize al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize e ll y`.split(
  /\s+/,
);
const STEMS = `connect relat hop fall fil cri agre happ generaliz controll rat sensitiv formal
electr adjust depend adopt infer communism activ angular homolog bowdler sky dy tr feed bled`.split(
  /\s+/,
);

describe('tokenizer', () => {
  it('stems like FTS5 porter on words built from every suffix the algorithm knows', () => {
    const words = STEMS.flatMap((s) => SUFFIXES.map((x) => s + x));
    const expected = fts5Terms(words);
    words.forEach((word, i) => {
      expect([word, ourTerms(word)]).toEqual([word, expected[i]]);
    });
  });

  it('splits, folds and stems arbitrary text like FTS5 porter unicode61', () => {
    const text = fc.string({
      unit: fc.constantFrom(...'aeiouyAEIOUY bcdlmnrstz.-\'"é ÉßİσςΣ日本1990 '.split('')),
      maxLength: 80,
    });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 50 }), (texts) => {
        const expected = fts5Terms(texts);
        texts.forEach((t, i) => {
          expect(ourTerms(t)).toEqual(expected[i]);
        });
      }),
      { numRuns: 50, seed: 3 },
    );
  });

  const squadAvailable = existsSync(SQUAD_DEV_PATH);
  if (!squadAvailable)
    console.log(`Skipping the SQuAD tokenizer test: ${SQUAD_DEV_PATH} does not exist.`);
  it.skipIf(!squadAvailable)(
    'matches FTS5 on every SQuAD dev paragraph and question (../shared/data)',
    () => {
      const squad = JSON.parse(readFileSync(SQUAD_DEV_PATH, 'utf8')) as {
        data: { paragraphs: { context: string; qas: { question: string }[] }[] }[];
      };
      const texts = squad.data.flatMap((a) =>
        a.paragraphs.flatMap((p) => [p.context, ...p.qas.map((q) => q.question)]),
      );
      const expected = fts5Terms(texts);
      const mismatched = texts.filter((t, i) => ourTerms(t).join(' ') !== expected[i].join(' '));
      expect(mismatched).toEqual([]);
    },
  );

  it('queries each distinct non-stop term once, stop words by their stem', () => {
    expect(analyzeQuery('What is the running of the Runs, doing?')).toEqual([
      { term: 'run', word: 'running' },
    ]);
  });
});
