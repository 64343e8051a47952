import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from 'busboy';
import { protectHeaderControlChars, restoreControlChars } from './header-control-chars';

/** A file of an upload, written to a temporary file as it streamed in. */
export type ReceivedFile =
  | { name: string; size: number; sha256: string; tempPath: string }
  | { name: string; size: number; error: string };

export class UploadError extends Error {}

const maxFilesPerUpload = 100;

/**
 * The file's name as the person gave it. Browsers (per the HTML standard) escape only `"`, CR
 * and LF in a multipart filename, as %22, %0D and %0A; every other character arrives as is.
 */
function originalName(filename: string | undefined): string {
  if (!filename) return 'untitled';
  return restoreControlChars(filename).replace(/%(22|0D|0A)/gi, (escaped) =>
    decodeURIComponent(escaped),
  );
}

/** A size as a person reads it: "51 KB", "50 MB", "1.5 GB". */
export function describeSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(value < 10 && unit > 0 ? 1 : 0))} ${units[unit]}`;
}

/**
 * Streams a multipart upload to disk, one temporary file per `file` field, hashing as it goes.
 * A file over `maxFileBytes` is cut off while it streams in, never held whole in memory, and
 * fails on its own; the other files of the upload are unaffected.
 */
export async function receiveUpload(
  req: Request,
  { maxFileBytes, tempDir }: { maxFileBytes: number; tempDir: string },
): Promise<ReceivedFile[]> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data') || !req.body) {
    throw new UploadError('Send the files as multipart/form-data, each in a field named "file".');
  }
  await fs.mkdir(tempDir, { recursive: true });
  const limit = describeSize(maxFileBytes);

  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!boundary)
    throw new UploadError('The multipart body has no boundary; send it as multipart/form-data.');
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { 'content-type': type },
      limits: { fileSize: maxFileBytes, files: maxFilesPerUpload, fields: 20, parts: 200 },
      defParamCharset: 'utf8',
      // Keep the name as given, path and all: it is only ever shown, never used as a path.
      preservePath: true,
    });
  } catch {
    throw new UploadError('The multipart body has no boundary; send it as multipart/form-data.');
  }

  const files: Array<Promise<ReceivedFile>> = [];
  parser.on('file', (field, stream, info) => {
    if (field !== 'file') {
      stream.resume();
      return;
    }
    const name = originalName(info.filename);
    const tempPath = path.join(tempDir, `${randomUUID()}.upload`);
    const hash = createHash('sha256');
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    files.push(
      pipeline(stream, createWriteStream(tempPath)).then(async (): Promise<ReceivedFile> => {
        if ((stream as typeof stream & { truncated?: boolean }).truncated) {
          await fs.rm(tempPath, { force: true });
          return { name, size, error: `This file is larger than the ${limit} limit.` };
        }
        return { name, size, sha256: hash.digest('hex'), tempPath };
      }),
    );
  });

  try {
    await pipeline(
      Readable.fromWeb(req.body as WebReadableStream<Uint8Array>),
      protectHeaderControlChars(boundary[1] ?? boundary[2].trim()),
      parser,
    );
    const received = await Promise.all(files);
    if (received.length === 0)
      throw new UploadError('No files: add one or more fields named "file".');
    return received;
  } catch (error) {
    const settled = await Promise.allSettled(files);
    for (const file of settled) {
      if (file.status === 'fulfilled' && 'tempPath' in file.value) {
        await fs.rm(file.value.tempPath, { force: true });
      }
    }
    if (error instanceof UploadError) throw error;
    console.warn('An upload was refused:', error);
    throw new UploadError(
      'The upload was cut off or is not valid multipart/form-data; nothing was stored.',
    );
  }
}
