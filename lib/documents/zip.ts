import { Inflate } from 'fflate';
import { DocumentError } from './errors';

/** Limits past which an archive is treated as a zip bomb rather than a document. */
export interface ZipLimits {
  maxUnpackedBytes: number;
  /** Unpacked size over packed size, checked once the unpacked size passes `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 10 * 1024 * 1024,
  maxEntries: 10_000,
};

interface Entry {
  name: string;
  method: number;
  packedSize: number;
  declaredSize: number;
  dataStart: number;
}

/** What is wrong with an archive, before it is said of a kind of document. */
class ZipProblem extends Error {
  constructor(
    readonly code: 'corrupt' | 'zip-bomb',
    detail: string,
  ) {
    super(detail);
  }
}

const corrupt = (detail: string) => new ZipProblem('corrupt', detail);
const bomb = () => new ZipProblem('zip-bomb', 'unpacks past the limits');

/**
 * Refuses an archive before any library unpacks it into memory: first by the sizes its
 * directory declares, then by inflating every entry into nothing and counting, since a
 * crafted archive can declare small sizes and still unpack to gigabytes. `kind` names the
 * document in the message: "Word document", "EPUB book".
 */
export function assertSafeZip(
  bytes: Uint8Array,
  kind = 'Word document',
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): void {
  try {
    checkZip(bytes, limits);
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    throw error.code === 'zip-bomb'
      ? new DocumentError(
          'zip-bomb',
          `This ${kind} unpacks to an absurd size (a zip bomb?), so Folio will not open it.`,
        )
      : new DocumentError('corrupt', `This ${kind} is damaged and cannot be read.`, {
          cause: error,
        });
  }
}

function checkZip(bytes: Uint8Array, limits: ZipLimits): void {
  const entries = readCentralDirectory(bytes, limits);
  const declared = entries.reduce((sum, entry) => sum + entry.declaredSize, 0);
  if (isAbsurd(declared, bytes.length, limits)) throw bomb();
  let unpacked = 0;
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.packedSize);
    if (data.length < entry.packedSize) throw corrupt(`${entry.name} is cut off`);
    if (entry.method === 0) {
      unpacked += data.length;
    } else if (entry.method === 8) {
      unpacked = inflateCounting(data, unpacked, (total) => {
        if (isAbsurd(total, bytes.length, limits)) throw bomb();
      });
    } else throw corrupt(`${entry.name} uses compression method ${entry.method}`);
    if (isAbsurd(unpacked, bytes.length, limits)) throw bomb();
  }
}

function isAbsurd(unpacked: number, packed: number, limits: ZipLimits): boolean {
  return (
    unpacked > limits.maxUnpackedBytes ||
    (unpacked > limits.ratioFloorBytes && unpacked / Math.max(packed, 1) > limits.maxRatio)
  );
}

function inflateCounting(data: Uint8Array, before: number, check: (total: number) => void) {
  let total = before;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    check(total);
  });
  try {
    for (let offset = 0; offset < data.length; offset += 65536) {
      inflater.push(data.subarray(offset, offset + 65536), offset + 65536 >= data.length);
    }
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw corrupt(`an entry does not inflate: ${String(error)}`);
  }
  return total;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The entries of a ZIP's central directory, with where each one's data starts. */
function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const fits = (at: number, length: number) => at >= 0 && at + length <= bytes.length;

  let end = bytes.length - 22;
  // The end record sits at the very end, before a comment of at most 64 KB.
  while (end >= 0 && !(fits(end, 22) && u32(end) === END_OF_DIRECTORY)) {
    if (bytes.length - end > 22 + 0xffff) throw corrupt('no end of central directory');
    end--;
  }
  if (end < 0) throw corrupt('no end of central directory');
  const count = u16(end + 10);
  const size = u32(end + 12);
  let at = u32(end + 16);
  // ZIP64 marks its fields 0xFFFF…; a document needing ZIP64 is absurd in size or count.
  if (count === 0xffff || size === 0xffffffff || at === 0xffffffff) throw bomb();
  if (count > limits.maxEntries) throw bomb();
  if (!fits(at, size)) throw corrupt('central directory outside the file');

  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (!fits(at, 46) || u32(at) !== DIRECTORY_ENTRY) throw corrupt('bad central directory');
    const nameLength = u16(at + 28);
    if (!fits(at + 46, nameLength)) throw corrupt('bad central directory');
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const packedSize = u32(at + 20);
    const declaredSize = u32(at + 24);
    if (packedSize === 0xffffffff || declaredSize === 0xffffffff) throw bomb();
    const local = u32(at + 42);
    if (!fits(local, 30) || u32(local) !== LOCAL_HEADER) throw corrupt(`${name} has no header`);
    entries.push({
      name,
      method: u16(at + 10),
      packedSize,
      declaredSize,
      dataStart: local + 30 + u16(local + 26) + u16(local + 28),
    });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}
