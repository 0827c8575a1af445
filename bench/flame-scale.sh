#!/usr/bin/env bash
# The HTML report of a big application in a real browser: 10,000 call sites reached by 50,000 distinct stacks
# (bench/src/main/flame/FlameScale.java) around a real report's JSON from the demo. Prints the page's size and the
# time Debian's headless chromium takes from navigation to the flame graph drawn (the page's own
# performance.now() at the end of its first draw, data-render-ms), median of ROUNDS loads.
# Targets (issue 26): under 5 MB, under 2 s.
#
# Usage: bench/flame-scale.sh [--sites N] [--stacks N] [--rounds N] [--keep FILE.html]
# Build first: mvn -B -q -DskipTests package. Needs chromium (apt-get install chromium).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SITES=10000; STACKS=50000; ROUNDS=5; KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sites) SITES=$2; shift ;;
    --stacks) STACKS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --keep) KEEP=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v chromium > /dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 1; }
[ -d "$ROOT/agent/target/classes/io/github/vdsoagent/flame" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
NATIVE=(); [ "$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')" -ge 24 ] && NATIVE=(--enable-native-access=ALL-UNNAMED)
java "${NATIVE[@]}" -javaagent:"$ROOT/agent/target/vdso-agent.jar=report=$WORK/demo.json,format=json" \
  -jar "$ROOT/demo-app/target/demo-app.jar" --iterations 20000 > /dev/null
PAGE=${KEEP:-$WORK/scale.html}
java -cp "$ROOT/agent/target/classes" "$ROOT/bench/src/main/flame/FlameScale.java" "$WORK/demo.json" "$PAGE" "$SITES" "$STACKS"
BYTES=$(stat -c %s "$PAGE")
ROOT_FLAGS=(); [ "$(id -u)" = 0 ] && ROOT_FLAGS=(--no-sandbox)
: > "$WORK/ms"
for ((r = 0; r < ROUNDS; r++)); do
  chromium --headless "${ROOT_FLAGS[@]}" --disable-gpu --window-size=1400,1000 --dump-dom "file://$PAGE" 2> /dev/null \
    | grep -o 'data-render-ms="[0-9]*"' | grep -o '[0-9]*' >> "$WORK/ms"
done
MEDIAN=$(sort -n "$WORK/ms" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "page: $BYTES bytes ($(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1048576 }') MiB)  target < 5 MiB: $([ "$BYTES" -lt 5242880 ] && echo met || echo MISSED)"
echo "drawn after: median $MEDIAN ms of $(tr '\n' ' ' < "$WORK/ms")  target < 2000 ms: $(awk -v m="$MEDIAN" 'BEGIN { print (m < 2000) ? "met" : "MISSED" }')"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(chromium --version 2>/dev/null | head -1)"
