import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
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
 * How long the rest of a body is read, and thrown away, once an upload has stopped before its
 * end. Browsers read no answer before they have sent the whole body: a connection closed under
 * them is a network error to them, not the answer. Past this, the connection is dropped.
 */
const lingerMs = 30_000;

/**
 * Streams a multipart upload to disk, one temporary file per `file` field, hashing as it goes.
 * A file over `maxFileBytes` ends the upload there, answered at once: it fails with the limit
 * in its message, the files before it are kept, and the rest of the body is only thrown away.
 * Whatever goes wrong, no temporary file is left behind: a body cut off or not multipart is an
 * UploadError, and a write that fails (a full disk) rejects with its error as soon as it
 * happens.
 */
export async function receiveUpload(
  req: Request,
  { maxFileBytes, tempDir }: { maxFileBytes: number; tempDir: string },
): Promise<ReceivedFile[]> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data') || !req.body) {
    throw new UploadError('Send the files as multipart/form-data, each in a field named "file".');
  }
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
  await fs.mkdir(tempDir, { recursive: true });
  const limit = describeSize(maxFileBytes);

  // The body is piped into what busboy reads, rather than handed to it, so that stopping
  // cannot destroy the request: its connection must stay open for the answer.
  const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
  const input = new PassThrough();
  body.on('error', (error) => input.destroy(error));
  body.pipe(input);
  const stop = (error?: Error) => {
    body.unpipe(input);
    input.destroy(error);
    const linger = setTimeout(() => body.destroy(), lingerMs);
    body.once('close', () => clearTimeout(linger));
    body.resume(); // with nothing listening, what flows in is dropped
  };

  const incoming: Array<{ tempPath: string; received: Promise<ReceivedFile | undefined> }> = [];
  let overLimit: ReceivedFile | undefined;
  let writeError: Error | undefined;
  parser.on('file', (field, stream, info) => {
    if (field !== 'file' || overLimit) {
      stream.resume();
      return;
    }
    const name = originalName(info.filename);
    const tempPath = path.join(tempDir, `${randomUUID()}.upload`);
    const hash = createHash('sha256');
    let size = 0;
    let truncated = false;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    stream.on('limit', () => {
      truncated = true;
      overLimit = { name, size, error: `This file is larger than the ${limit} limit.` };
      stop();
    });
    const file = createWriteStream(tempPath);
    const received = pipeline(stream, file).then(
      () => (truncated ? undefined : { name, size, sha256: hash.digest('hex'), tempPath }),
      (error: Error) => {
        // A write the file system refused (a full disk) ends the upload at once; a file cut off
        // with the body, or stopped, has nothing to add to why.
        if ('syscall' in error) {
          writeError ??= error;
          stop(error);
        }
        return undefined;
      },
    );
    incoming.push({ tempPath, received });
  });

  let bodyError: unknown;
  await pipeline(input, protectHeaderControlChars(boundary[1] ?? boundary[2].trim()), parser).catch(
    (error) => {
      bodyError = error;
    },
  );
  const received = await Promise.all(incoming.map((file) => file.received));
  const files = received.filter((file) => file !== undefined);
  const failed = writeError !== undefined || (bodyError !== undefined && !overLimit);
  await removeFiles(
    incoming.filter((_, i) => failed || received[i] === undefined).map((file) => file.tempPath),
  );
  if (writeError) throw writeError;
  if (failed) {
    console.warn('An upload was refused:', bodyError);
    throw new UploadError(
      'The upload was cut off or is not valid multipart/form-data; nothing was stored.',
    );
  }
  if (overLimit) return [...files, overLimit];
  if (files.length === 0) throw new UploadError('No files: add one or more fields named "file".');
  return files;
}

/** Removes the temporary files of an upload that were not taken in (moved to the store). */
export async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })));
}
