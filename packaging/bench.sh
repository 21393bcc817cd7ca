#!/usr/bin/env bash
# Runs `memrun bench` (see ./memrun bench --help) with a Redis to compare against in the peer
# experiment: installs Debian's redis-server if it is missing and this shell may (root + apt-get);
# memrun bench then starts it on a free loopback port for the run and stops it afterwards.
#   packaging/bench.sh                  default size (< 10 minutes on 2 cores)
#   packaging/bench.sh --quick          smoke size (< 2 minutes)
#   packaging/bench.sh --large --experiments state-tax    the 2 GiB cold-load variant
# Results: bench-results/results.json and bench-results/results.png (or --out DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v redis-server >/dev/null 2>&1 && [[ ! -x /usr/bin/redis-server ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "bench.sh: installing redis-server for the peer experiment ..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null 2>&1; then
      apt-get update -q >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null 2>&1 \
        || echo "bench.sh: could not install redis-server; the peer experiment will skip Redis" >&2
    fi
  else
    echo "bench.sh: redis-server is not installed and this shell cannot install it (needs root and apt-get);" \
         "the peer experiment will skip Redis" >&2
  fi
fi

# The 2 GiB variant holds a decoded table of about 2 GiB while building the next one: give it room,
# committed up front. A heap that grows while a cold 2 GiB decode runs spent half the decode in
# collections and resizing: decode 23-29 s with -Xmx12g alone, 15-18 s with -Xms12g too.
for arg in "$@"; do
  if [[ "$arg" == "--large" ]]; then
    MEMRUN_JAVA_OPTS="${MEMRUN_JAVA_OPTS:-} -Xms12g -Xmx12g"
    export MEMRUN_JAVA_OPTS
  fi
done

exec "$ROOT/memrun" bench "$@"
