/** Imports nothing: the browser labels sources with it too. */
/** "p. 3" or "pp. 3–4", as the sources are labelled everywhere. */
export function pagesLabel(source: { pageStart: number; pageEnd: number }): string {
  return source.pageStart === source.pageEnd
    ? `p. ${source.pageStart}`
    : `pp. ${source.pageStart}–${source.pageEnd}`;
}
