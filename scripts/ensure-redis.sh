#!/usr/bin/env bash
# Makes sure a redis-server exists for the tests of the shared stores (they start their own, on a socket in a temp
# dir, and never a service). Installed from Debian with apt-get when missing (as root, or through passwordless
# sudo); otherwise we say what to install and fail, so CI never runs the tests without it.
set -euo pipefail
server="${REDIS_SERVER:-redis-server}"
if command -v "$server" >/dev/null 2>&1; then exit 0; fi
if [ -n "${REDIS_SERVER:-}" ]; then
  echo "REDIS_SERVER=$REDIS_SERVER does not point to an executable." >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
if { [ "$(id -u)" = "0" ] || [ ${#as_root[@]} -gt 0 ]; } && command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's redis-server package with apt-get..." >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # apt starts no service in a container; the tests start their own server anyway.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  if command -v "$server" >/dev/null 2>&1; then exit 0; fi
fi
cat >&2 <<'MSG'
The tests of the shared (Redis) stores need redis-server and none was found on the PATH.
Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`) or set REDIS_SERVER to a redis-server executable.
MSG
exit 1
