import { porterStem } from './porter';

/**
 * English stop words (NLTK's list, including the fragments an apostrophe split leaves behind:
 * "don't" is tokenized as "don" and "t"). They are dropped from queries and never get postings;
 * they still count towards a passage's length, as they do in FTS5.
 */
const STOP_WORDS =
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did doing a an
the and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then once
here there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn
hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn`.split(/\s+/);

/**
 * Stop words are recognised by their stem, so that a word which stems like one ("doing" and
 * "do") is treated the same in queries and postings; otherwise the postings of "do" would miss
 * passages a query for "doing" must score.
 */
export const STOP_STEMS: ReadonlySet<string> = new Set(STOP_WORDS.map(porterStem));
