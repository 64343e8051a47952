import Papa from 'papaparse';
import { DocumentError } from '../errors';
import type { ParsedDocument } from '../types';
import { fromPagesOfBlocks } from './blocks';
import { sheetBlocks } from './sheet-rows';
import { decodeTextFile } from './text';

/**
 * A CSV (or tab- or semicolon-separated) file as one sheet: papaparse finds the delimiter and
 * handles quoting; the rows read as the header's names with their values.
 */
export function parseCsv(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeTextFile(bytes);
  const { data, errors } = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const broken = errors.find((error) => error.type === 'Quotes');
  if (broken) {
    throw new DocumentError(
      'corrupt',
      `This CSV file is malformed: a quoted value opened on row ${(broken.row ?? 0) + 1} never closes.`,
    );
  }
  const document = fromPagesOfBlocks([sheetBlocks(undefined, data)]);
  return { type: 'csv', mediaType: `text/csv; charset=${encoding}`, ...document };
}
