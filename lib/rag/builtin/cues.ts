/**
 * What kind of text answers a question, from how it asks: "who" wants a name the question does
 * not already give, "when" a date or a time, "how many" a number, "how much" an amount. A
 * sentence of that kind answers it more likely than one that only repeats its words.
 */

export type AnswerKind = 'name' | 'time' | 'number' | 'amount' | 'place' | 'definition';

const months =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const numbers =
  /\d[\d,.]*x?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|twice)\b/gi;

/** Nouns that, after "what" or "which", ask for a time, a place, a count or a name. */
const timeNouns = /^(?:years?|dates?|days?|months?|century|centuries|decades?|era|period)$/;
const placeNouns =
  /^(?:city|cities|country|countries|state|states|place|region|continent|location|town|island|river|county|province|nation)$/;
const countNouns = /^(?:percentage|percent|number|proportion|fraction|population)$/;
const nameNouns =
  /^(?:person|people|man|woman|company|team|group|king|queen|president|author|writer|composer|artist|player|organi[sz]ation|band|leader|emperor|general|scientist)$/;

export function answerKind(question: string): AnswerKind | undefined {
  const q = question.toLowerCase().trim();
  if (
    /^how much (?:faster|slower|more|less|fewer|larger|smaller|bigger|higher|lower|better|worse)\b/.test(
      q,
    )
  )
    return 'number';
  if (
    /^(how much|what (?:is|was|were|are) the (?:\w+ )?(?:cost|price|amount|fee|salary|budget|value))\b/.test(
      q,
    )
  )
    return 'amount';
  if (
    /^(how (?:many|long|far|old|big|large|tall|high|fast|often|deep|wide|heavy)|what (?:percentage|percent|fraction|share|number|proportion)|by how much)\b/.test(
      q,
    )
  )
    return 'number';
  if (
    /^(when|what (?:year|date|day|month|time|century|decade|period)|in what year|in which year|since when)\b/.test(
      q,
    )
  )
    return 'time';
  if (
    /^(who|whom|whose|which (?:person|people|man|woman|company|team|group|author|player))\b/.test(q)
  )
    return 'name';
  if (
    /^(where|in what (?:city|country|state|place)|which (?:city|country|state|place|region))\b/.test(
      q,
    )
  )
    return 'place';
  // "After what year…", "In which country…", "What is the name of…": the noun asks.
  // The noun right after "what" or "which", or after one word more ("which European country").
  const after = /\b(?:what|which)\s+([\w'-]+)(?:\s+([\w'-]+))?/.exec(q) ?? [];
  const asks = (nouns: RegExp) => nouns.test(after[1] ?? '') || nouns.test(after[2] ?? '');
  if (asks(timeNouns)) return 'time';
  if (asks(placeNouns)) return 'place';
  if (asks(countNouns)) return 'number';
  if (
    asks(nameNouns) ||
    /\b(?:what|which) (?:is|was|are|were) (?:the|his|her|its|their) names?\b/.test(q)
  )
    return 'name';
  // "What is TraceMonkey?": a sentence that says what it is.
  if (/^(what|who) (is|are|was|were) (?:an? |the )?[^\s?]+(?: [^\s?]+)?\s*\?*$/.test(q))
    return 'definition';
  // "What was the death toll…", "What is the estimated cost…": the noun asks for a quantity.
  if (/^(what|which)\b/.test(q)) {
    if (/\b(cost|costs|price|fee|fees|salary|budget|revenue|spend|spent|worth)\b/.test(q))
      return 'amount';
    if (
      /\b(toll|number|population|count|total|percentage|rate|speed|size|length|height|weight|age|temperature)\b/.test(
        q,
      )
    )
      return 'number';
  }
  return undefined;
}

const dates = new RegExp(
  `\\b(?:${months})\\.? \\d{1,2}\\b|\\b\\d{1,2},? (?:1[0-9]{3}|20[0-9]{2})\\b|\\b(?:1[0-9]{3}|20[0-9]{2})\\b`,
  'giu',
);

/** Capitalised words after a sentence's first word: names, places, titles. */
const capitalised = /(?<=[\s(“"'‘-])\p{Lu}[\p{L}'’.-]*/gu;

/** The thing a "What is X?" question asks about. */
export function definedTerm(question: string): string | undefined {
  return /^(?:what|who) (?:is|are|was|were) (?:an? |the )?(.+?)\s*\?*$/i.exec(question.trim())?.[1];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "X is a …", "X, a …", "called X", "X (…) is": a sentence that says what X is. */
function defines(text: string, term: string): boolean {
  const x = escapeRegExp(term);
  return new RegExp(
    `\\b${x}\\b(?: \\([^)]*\\))?,? (?:is|are|was|were|refers to|means|stands for)\\b|\\b${x}, (?:an?|the) |\\b(?:call|called|named|dubbed)\\b[^.]{0,60}\\b${x}\\b`,
    'i',
  ).test(text);
}

/** Whether the text holds something of that kind that the question does not already say. */
export function holdsKind(
  text: string,
  kind: AnswerKind,
  asked: Set<string>,
  question = '',
): boolean {
  const isNew = (word: string) => !asked.has(word.toLowerCase().replace(/[’'.-]+$/u, ''));
  switch (kind) {
    case 'name':
    case 'place':
      return (text.match(capitalised) ?? []).some(isNew);
    case 'time':
      return new RegExp(
        `\\b(1[0-9]{3}|20[0-9]{2}|${months})\\b|\\b\\d{1,2}(?:st|nd|rd|th)? century\\b|\\b\\d+s\\b`,
        'i',
      ).test(text);
    case 'amount':
      return /[$€£¥]\s?\d|\d\s?(?:%|percent|dollars?|euros?|pounds?|cents?)\b|\b\d[\d,.]*\s?(?:million|billion)\b/i.test(
        text,
      );
    case 'definition': {
      const term = definedTerm(question);
      return term !== undefined && defines(text, term);
    }
    case 'number':
      // A count, not a year or a day of a date.
      return (text.replace(dates, ' ').match(numbers) ?? []).some(isNew);
  }
}
