#!/bin/sh
# Serves the built app on FOLIO_HOST:PORT. `npm start` and `npm run serve` run this, and so do
# the tests and benchmarks (tests/support/server.ts), so they measure the server as it is run.
#
# --max-semi-space-size=16: under load V8 grew the young generation to 64 MB, and with a hundred
# answers streaming each scavenge then copied megabytes of survivors while every stream waited:
# bench:load saw pauses of 17-40 ms while the answers streamed. Capped at 16 MB, most pauses
# stayed under 10 ms, and the server's peak memory was 55-80 MB lower.
#
# forwarded-for.mjs records, on every request, the address its connection comes from: what the
# rate limits count and what FOLIO_TRUSTED_PROXIES is checked against.
exec node --max-semi-space-size=16 --import ./scripts/forwarded-for.mjs \
  node_modules/next/dist/bin/next start \
  -H "${FOLIO_HOST:-127.0.0.1}" -p "${PORT:-3000}"
