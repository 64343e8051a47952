import { PHASE_PRODUCTION_BUILD } from 'next/constants.js';

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  return {
    // Native addons must be loaded by Node, not bundled: sqlite-vec resolves its
    // shared library at run time and breaks when bundled.
    serverExternalPackages: ['better-sqlite3', 'sqlite-vec'],
    poweredByHeader: false,
    // `npm test` type-checks the whole project with tsc; checking again here only slows start-up.
    typescript: { ignoreBuildErrors: true },
    // `npm start` builds before it serves, so a fresh clone waits for every second of the build.
    // Source maps (most of the server output) and the build's own cache (which only pays off on a
    // rebuild) halved the build here; `next dev` keeps both for debugging.
    experimental:
      phase === PHASE_PRODUCTION_BUILD
        ? { turbopackSourceMaps: false, turbopackFileSystemCacheForBuild: false }
        : {},
  };
}
