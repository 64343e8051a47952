import type { LibraryDocument } from './types';

/** What the server answered for one uploaded file: a stored document, or why it was refused. */
export type UploadResult = LibraryDocument | { name: string; status: 'failed'; error: string };

/**
 * Uploads one file with XMLHttpRequest, since fetch cannot report upload progress.
 * Resolves with the server's documents; rejects with a message a person can act on.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadResult[]> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      const body = xhr.response as { documents?: UploadResult[]; error?: string } | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.documents) resolve(body.documents);
      else if (xhr.status === 413) reject(new Error('This file is too large for the server.'));
      else reject(new Error(body?.error ?? `The server refused the upload (${xhr.status}).`));
    });
    xhr.addEventListener('error', () =>
      reject(new Error('The upload did not reach the server. Check the connection and try again.')),
    );
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
