/**
 * What kind of text answers a question, from how it asks: "who" wants a name the question does
 * not already give, "when" or "in what year" a date or a time, "how many" a number, "how much"
 * an amount (a sum of money when it asks what something costs), "how much faster" or "by how
 * much" a ratio or a difference ("25 times", "2.5x", "40%", "twice as"), "where" or "which city"
 * a place. A sentence with such a candidate answer near the question's words answers it more
 * likely than one that only repeats them (lib/rag/builtin/evidence.ts finds the candidates).
 */

export type AnswerKind =
  | 'name'
  | 'time'
  | 'number'
  | 'amount'
  | 'money'
  | 'ratio'
  | 'place'
  | 'definition';

/**
 * Words that compare: "faster", "more", "a speedup". A quantity beside one ("25 times faster",
 * "5 more", "a 2x speedup") is a ratio or a difference, not a count.
 */
const comparativeWords =
  /^(?:more|less|fewer|better|worse|further|farther|greater|faster|slower|larger|smaller|bigger|higher|lower|longer|shorter|taller|heavier|lighter|cheaper|dearer|older|younger|stronger|weaker|wider|narrower|deeper|shallower|warmer|colder|hotter|cooler|earlier|later|richer|poorer|closer|louder|quicker|safer|easier|harder|speedups?|slowdowns?|increases?|decreases?|reductions?|improvements?|gains?|growth)$/i;

export const isComparative = (word: string) => comparativeWords.test(word);

/** Words that ask what something costs. */
const costWords =
  /\b(cost|costs|price|prices|fee|fees|salary|budget|revenue|spend|spent|pay|paid|worth)\b/;

/** Nouns that, after "what" or "which", ask for a time, a place, a count or a name. */
const timeNouns = /^(?:years?|dates?|days?|months?|century|centuries|decades?|era|period)$/;
const placeNouns =
  /^(?:city|cities|country|countries|state|states|place|region|continent|location|town|island|river|county|province|nation)$/;
const countNouns = /^(?:percentage|percent|number|proportion|fraction|population)$/;
const nameNouns =
  /^(?:person|people|man|woman|company|team|group|king|queen|president|author|writer|composer|artist|player|organi[sz]ation|band|leader|emperor|general|scientist)$/;

export function answerKind(question: string): AnswerKind | undefined {
  const q = question.toLowerCase().trim();
  // "How much faster…", "how many times larger…", "by how much…", "by what factor…": the answer
  // compares. "How many times did they win?" counts, and stays a number.
  const compares = /^(?:how much|how many times) (\S+)/.exec(q);
  if (
    (compares && (isComparative(compares[1]) || compares[1] === 'as')) ||
    /^(?:by how (?:much|many)|by what (?:factor|percent|percentage|margin|amount))\b/.test(q)
  )
    return 'ratio';
  if (
    /^(how much|what (?:is|was|were|are) the (?:\w+ )?(?:cost|price|amount|fee|salary|budget|value))\b/.test(
      q,
    )
  )
    return costWords.test(q) ? 'money' : 'amount';
  if (
    /^(how (?:many|long|far|old|big|large|tall|high|fast|often|deep|wide|heavy)|what (?:percentage|percent|fraction|share|number|proportion))\b/.test(
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
    if (costWords.test(q)) return 'money';
    if (
      /\b(toll|number|population|count|total|percentage|rate|speed|size|length|height|weight|age|temperature)\b/.test(
        q,
      )
    )
      return 'number';
  }
  return undefined;
}

/** The thing a "What is X?" question asks about. */
function definedTerm(question: string): string | undefined {
  return /^(?:what|who) (?:is|are|was|were) (?:an? |the )?(.+?)\s*\?*$/i.exec(question.trim())?.[1];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "X is a …", "X, a …", "called X", "X (…) is": a sentence that says what X is. "X is the
 * fastest…" ranks X among others and "X is not…" says what it is not: neither defines it.
 */
function defines(text: string, term: string): boolean {
  const x = escapeRegExp(term);
  return new RegExp(
    `\\b${x}\\b(?: \\([^)]*\\))?,? (?:is|are|was|were|refers to|means|stands for)\\b(?! (?:the \\w+est|the (?:most|least|best|worst|first|only)|not)\\b)|\\b${x}, (?:an?|the) |\\b(?:call|called|named|dubbed)\\b[^.]{0,60}\\b${x}\\b`,
    'i',
  ).test(text);
}

/** Whether the text says what the thing a "What is X?" question asks about is. */
export function definesAsked(text: string, question: string): boolean {
  const term = definedTerm(question);
  return term !== undefined && defines(text, term);
}
