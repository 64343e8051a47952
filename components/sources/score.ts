// Three significant digits: a BM25 score runs up to tens and a fused hybrid score sits near 0.03,
// so a fixed two decimals showed "0.00" for real matches. Below 0.001 (words found in most
// passages of a small library count almost nothing) the digits say nothing to a reader.
const scoreFormat = new Intl.NumberFormat('en', {
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
  useGrouping: false,
});

/** "7.43", "0.0328", "< 0.001": how well a passage matched; higher is better. */
export function scoreLabel(score: number): string {
  return score < 0.001 ? '< 0.001' : scoreFormat.format(score);
}
