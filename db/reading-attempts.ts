/** What a document fails with when every instance that took it to read died reading it. */
export const readerKeptDying = (attempts: number) =>
  `Folio stopped ${attempts} times while reading this file, so it gave up on it. Split it into smaller files, or upload it again to try once more.`;
