/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons must be loaded by Node, not bundled: sqlite-vec resolves its
  // shared library at run time and breaks when bundled.
  serverExternalPackages: ['better-sqlite3', 'sqlite-vec'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc; checking again here only slows start-up.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
