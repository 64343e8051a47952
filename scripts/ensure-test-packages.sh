#!/usr/bin/env bash
# What the tests need from Debian's packages: Chromium for the end-to-end tests (Playwright cannot
# download its own browser here), PostgreSQL and Redis, which the tests start as throwaway
# servers of their own (tests/support/postgres.ts, tests/support/redis.ts), and openssl, which
# makes the certificate of the TLS proxy in tests/support/tls-proxy.ts. None is started here.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian's packages for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need ${missing[*]}: install them (sudo apt-get install -y ${missing[*]}), or set CHROMIUM_PATH for Chromium." >&2
exit 1
