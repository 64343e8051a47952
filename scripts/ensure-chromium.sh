#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright cannot download its own here).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages for the end-to-end tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The end-to-end tests need Chromium at $chromium: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
exit 1
