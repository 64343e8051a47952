/** What a search index holds for a passage, in either backend: its section heading, then its text. */
export const indexedText = (passage: { heading?: string | null; text: string }) =>
  passage.heading ? `${passage.heading}\n${passage.text}` : passage.text;
