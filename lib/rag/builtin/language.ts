/**
 * A rough guess of a text's language from its script and its most common short words, enough
 * to tell that a question and the passages it found are not in the same one.
 */
const profiles: Record<string, Set<string>> = {
  en: new Set(
    'the and of to is in that it was for are with as this what which how who why when where does did do many much from were has have an on by'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und ist nicht ein eine zu den von mit wie was wer warum welche sich auf für ich wann wo gibt'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les et est des une du que qui pas pour dans ce quel quelle comment pourquoi où sont'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el los las y es que en una por para como qué cuál cómo dónde quién porque'.split(' '),
  ),
  it: new Set('il lo gli è che di una come quale chi dove perché non sono della'.split(' ')),
  nl: new Set('het een en van dat niet op wat hoe wie waarom welke zijn voor met'.split(' ')),
  pt: new Set('os é que um uma para como qual quem onde porque não da em'.split(' ')),
};

const scripts: Array<[string, RegExp]> = [
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu],
  ['cyrillic', /\p{Script=Cyrillic}/gu],
  ['arabic', /\p{Script=Arabic}/gu],
  ['greek', /\p{Script=Greek}/gu],
];

/**
 * The language whose script or common words the text clearly uses most: at least `minHits` of
 * its common words, and twice as many as of any other language's.
 */
export function guessLanguage(text: string, minHits = 2): string | undefined {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return undefined;
  for (const [script, pattern] of scripts) {
    if ((text.match(pattern)?.length ?? 0) > 0.3 * letters) return script;
  }
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = Object.entries(profiles)
    .map(([language, common]) => ({ language, hits: words.filter((w) => common.has(w)).length }))
    .sort((a, b) => b.hits - a.hits);
  const [first, second] = counts;
  return first.hits >= minHits && first.hits >= 2 * second.hits ? first.language : undefined;
}
