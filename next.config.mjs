import { PHASE_PRODUCTION_BUILD } from 'next/constants.js';

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  return {
    // Loaded by Node from node_modules rather than bundled. Native addons must be: sqlite-vec
    // resolves its shared library at run time and breaks when bundled, and so must tesseract.js,
    // which starts its engine's thread from a script path inside its package. The rest are large
    // server-only libraries that the build would otherwise compile and minify once per bundle
    // that uses them (openai twice, pdf.js once per reader worker), which took half of
    // `npm start`'s build on a fresh clone.
    serverExternalPackages: [
      'better-sqlite3',
      'sqlite-vec',
      'pdfjs-dist',
      '@napi-rs/canvas',
      'tesseract.js',
      'officeparser',
      'mammoth',
      'htmlparser2',
      'openai',
      'ai',
      'zod',
      'drizzle-orm',
    ],
    poweredByHeader: false,
    // `npm test` type-checks the whole project with tsc; checking again here only slows start-up.
    typescript: { ignoreBuildErrors: true },
    // `npm start` builds before it serves, so a fresh clone waits for every second of the build.
    // Source maps (most of the server output), the build's own cache (which only pays off on a
    // rebuild) and minifying server code (which nobody downloads) are skipped; `next dev` keeps
    // source maps and its cache for debugging.
    experimental:
      phase === PHASE_PRODUCTION_BUILD
        ? {
            turbopackSourceMaps: false,
            turbopackFileSystemCacheForBuild: false,
            serverMinification: false,
          }
        : {},
  };
}
