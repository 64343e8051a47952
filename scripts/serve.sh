#!/bin/sh
# Serves the built app on FOLIO_HOST:PORT. `npm start` and `npm run serve` run this, and so do
# the tests and benchmarks (tests/support/server.ts), so they measure the server as it is run.
#
# --max-semi-space-size=16: under load V8 grows the young generation up to 64 MB, and with a
# hundred answers streaming each scavenge then copies megabytes of survivors while every stream
# waits. Capped at 16 MB, scavenges stay short and the server's peak memory lower (bench:load;
# the figures are in bench/NOTES.md).
#
# forwarded-for.mjs records, on every request, the address its connection comes from: what the
# rate limits count and what FOLIO_TRUSTED_PROXIES is checked against.
#
# NEXT_MANUAL_SIG_HANDLE: Folio stops on SIGTERM itself (lib/shutdown.ts), handing its answers and
# documents over; Next's own handling would exit as soon as its connections close.
export NEXT_MANUAL_SIG_HANDLE=1
exec node --max-semi-space-size=16 --import ./scripts/forwarded-for.mjs \
  node_modules/next/dist/bin/next start \
  -H "${FOLIO_HOST:-127.0.0.1}" -p "${PORT:-3000}"
