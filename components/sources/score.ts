// Three significant digits, never rounded to nothing: a BM25 score runs from millionths (words
// found in most passages of a small library count almost nothing) to tens, and a fused hybrid
// score sits near 0.03, so a fixed two decimals showed "0.00" for real matches.
const scoreFormat = new Intl.NumberFormat('en', {
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
  useGrouping: false,
});

/** "7.43", "0.0328", "0.00000120": how well a passage matched; higher is better. */
export function scoreLabel(score: number): string {
  return scoreFormat.format(score);
}
