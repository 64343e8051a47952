/**
 * The Content-Security-Policy and other headers every response carries. Scripts run only from
 * this origin with the page's nonce; nothing may frame the app; documents' text and the model's
 * Markdown can never load or run anything from elsewhere.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (set by UI primitives) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // pdf.js renders pages in a worker.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const securityHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Puts the security headers on a response (the CSP is the proxy's, as it carries a nonce). */
export function withSecurityHeaders<R extends Response>(response: R): R {
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

/** Whether a path is an uploaded original's (GET /api/documents/:id/file). */
export function isOriginalFile(pathname: string): boolean {
  return /^\/api\/documents\/[^/]+\/file$/.test(pathname);
}

/** Types a browser shows without running anything of the file's: PDF in its own viewer, text. */
const shownInline = new Set(['application/pdf', 'text/plain']);

/**
 * How an uploaded original is served, so that no browser renders it as a page of Folio's
 * origin: an HTML file's scripts or `<meta refresh>` would otherwise run as Folio. Only PDFs
 * (which browsers open in a viewer of their own origin) and plain text are shown inline;
 * everything else downloads. Anything a browser renders anyway is sandboxed: an opaque origin
 * that runs no script and loads nothing.
 */
export function originalFileHeaders(file: { name: string; mediaType: string }) {
  const type = file.mediaType.split(';')[0].trim().toLowerCase();
  const disposition = shownInline.has(type) ? 'inline' : 'attachment';
  return {
    'content-type': file.mediaType,
    'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'x-content-type-options': 'nosniff',
    // Chromium shows no PDF in a sandboxed document, and its viewer is not Folio's origin.
    ...(type === 'application/pdf'
      ? {}
      : { 'content-security-policy': "sandbox; default-src 'none'" }),
  };
}
