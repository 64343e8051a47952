import type { Turn } from './signatures';

/** What was left out of a prompt so that it fits the model's window. */
export interface ContextCut {
  /** The model's window, in tokens, that the prompt was fitted to. */
  windowTokens: number;
  /** Passages left out, the lowest ranked first. */
  passagesCut: number;
  /** Turns of the conversation left out, the oldest first. */
  historyTurnsCut: number;
  /** The one passage left was shortened too. */
  passageShortened: boolean;
}

/** Tokens kept free for the completion: the reasoning and the answer. */
export const completionReserve = (windowTokens: number) =>
  Math.min(1024, Math.floor(windowTokens / 4));

/** A passage is never shortened below this many characters. */
const shortestPassage = 200;

/**
 * Passages and history cut until the prompt `measure` estimates fits the window with room for
 * the completion: older turns first (the last two stay as long as they can), then the lowest
 * ranked passages down to one, then the rest of the history, then the one passage shortened.
 * The instructions and the question are never cut.
 */
export function fitToWindow<
  P extends { text: string; charStart?: number | null; charEnd?: number | null },
>(
  windowTokens: number,
  measure: (passages: P[], history: Turn[]) => number,
  passages: P[],
  history: Turn[],
): { passages: P[]; history: Turn[]; cut?: ContextCut } {
  const budget = windowTokens - completionReserve(windowTokens);
  let kept = passages;
  let turns = history;
  let shortened = false;
  const fits = () => measure(kept, turns) <= budget;
  while (!fits() && turns.length > 2) turns = turns.slice(1);
  while (!fits() && kept.length > 1) kept = kept.slice(0, -1);
  while (!fits() && turns.length > 0) turns = turns.slice(1);
  while (!fits() && kept.length === 1 && kept[0].text.length > shortestPassage) {
    const [only] = kept;
    const text = only.text.slice(0, Math.max(shortestPassage, Math.floor(only.text.length / 2)));
    const charEnd = only.charStart == null ? only.charEnd : only.charStart + text.length;
    kept = [{ ...only, text, charEnd }];
    shortened = true;
  }
  const passagesCut = passages.length - kept.length;
  const historyTurnsCut = history.length - turns.length;
  if (passagesCut === 0 && historyTurnsCut === 0 && !shortened) return { passages, history };
  return {
    passages: kept,
    history: turns,
    cut: { windowTokens, passagesCut, historyTurnsCut, passageShortened: shortened },
  };
}
