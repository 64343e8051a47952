import type { Block } from './blocks';

/**
 * A sheet's rows as passages a person can read out of context: its name as a heading, its first
 * non-empty row naming the columns, and every later row reading "Region: North, Revenue: 1.2M".
 * A column without a name is named by its letter, as the spreadsheet shows it.
 */
export function sheetBlocks(name: string | undefined, rows: readonly string[][]): Block[] {
  const filled = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header, ...records] = filled;
  // An empty sheet is a blank page, whatever its name.
  if (!header) return [];
  const blocks: Block[] = name ? [{ text: name, heading: 1 }] : [];
  if (records.length === 0) return [...blocks, { text: cells(header).join(', ') }];
  const names = header.map((cell, column) => cell.trim() || `Column ${columnLetters(column)}`);
  const lines = records.map((record) =>
    record
      .map((cell, column) => [names[column] ?? `Column ${columnLetters(column)}`, cell.trim()])
      .filter(([, value]) => value !== '')
      .map(([column, value]) => `${column}: ${value}`)
      .join(', '),
  );
  return [...blocks, { text: lines.join('\n') }];
}

function cells(row: readonly string[]): string[] {
  return row.map((cell) => cell.trim()).filter(Boolean);
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
