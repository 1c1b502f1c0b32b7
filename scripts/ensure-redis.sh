#!/usr/bin/env bash
# Makes sure a redis-server exists for the tests of the shared stores (they start their own, on a socket in a temp
# dir, and never a service). Installed with apt when we are root, otherwise we say what to install.
set -euo pipefail
server="${REDIS_SERVER:-redis-server}"
if command -v "$server" >/dev/null 2>&1; then exit 0; fi
if [ -n "${REDIS_SERVER:-}" ]; then
  echo "REDIS_SERVER=$REDIS_SERVER does not point to an executable." >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's redis-server package with apt-get..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # apt starts no service in a container; the tests start their own server anyway.
  apt-get install -y -qq redis-server >&2
  exit 0
fi
cat >&2 <<'MSG'
The tests of the shared (Redis) stores need redis-server and none was found on the PATH.
Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`) or set REDIS_SERVER to a redis-server executable.
MSG
exit 1
