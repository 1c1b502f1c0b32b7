#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests exists. Browser downloads are not possible on these machines,
# so the system package is used: installed with apt when we are root, otherwise we say what to install.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH does not point to an executable." >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package with apt-get (about 30 s)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium and none was found at /usr/bin/chromium.
Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable.
MSG
exit 1
