#!/usr/bin/env bash
# Start-up cost of two agent jars, measured in the same run: each round runs the application without an agent,
# with BEFORE.jar and with AFTER.jar (default options), in turn; prints the median wall time of each and the
# median of the paired differences to the run without. Use it to tell a change from the VM's drift, which moves
# the absolute figures by 10-30 ms within an hour (BENCHMARKS.md).
#
# Usage: bench/compare-startup.sh [--rounds N] [--app hello|classes] BEFORE.jar AFTER.jar
#   JAVA_HOME selects the JDK (else `java` on PATH). hello: hello world (30 rounds by default); classes: the
#   4,935-class application of run-perf.sh (10 rounds). Build first: mvn -B -q -DskipTests package.
#   An older jar: git worktree add /tmp/old REV && (cd /tmp/old && mvn -B -q -DskipTests package -pl agent -am)
set -euo pipefail

ROUNDS=""
APP_NAME=hello
while [ $# -gt 2 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift ;;
    --app) APP_NAME=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ $# -eq 2 ] || { echo "usage: $0 [--rounds N] [--app hello|classes] BEFORE.jar AFTER.jar" >&2; exit 2; }
BEFORE=$1
AFTER=$2
for f in "$BEFORE" "$AFTER"; do [ -f "$f" ] || { echo "no such jar: $f" >&2; exit 2; }; done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
CLASSES="$ROOT/bench/target/classes"
LIBS="$ROOT/bench/target/app-libs"
case "$APP_NAME" in
  hello) CP="$CLASSES"; APP=(io.github.vdsoagent.bench.apps.Hello); ROUNDS=${ROUNDS:-30} ;;
  classes) CP="$CLASSES:$LIBS/guava.jar:$LIBS/byte-buddy.jar"
    APP=(io.github.vdsoagent.bench.apps.ManyClasses "$LIBS/guava.jar" "$LIBS/byte-buddy.jar"); ROUNDS=${ROUNDS:-10} ;;
  *) echo "--app is hello or classes" >&2; exit 2 ;;
esac
[ -d "$CLASSES" ] || { echo "missing $CLASSES: build first (mvn -B -q -DskipTests package)" >&2; exit 1; }
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
NATIVE=()
[ "$FEATURE" -ge 24 ] && NATIVE=(--enable-native-access=ALL-UNNAMED)

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
JARS=("" "$BEFORE" "$AFTER")
for ((r = -1; r < ROUNDS; r++)); do # round -1 is a warm-up (page cache), not timed
  for i in 0 1 2; do
    AGENT=()
    [ $i -gt 0 ] && AGENT=("-javaagent:${JARS[$i]}")
    t0=$EPOCHREALTIME
    "$JAVA" "${NATIVE[@]}" "${AGENT[@]}" -cp "$CP" "${APP[@]}" > /dev/null 2>&1
    t1=$EPOCHREALTIME
    [ $r -ge 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >> "$OUT/$i.ms"
  done
done
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m }'; }
echo "JDK $FEATURE, $APP_NAME, $ROUNDS interleaved rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-8s median %8s ms\n' "none" "$(median "$OUT/0.ms")"
for i in 1 2; do
  paste "$OUT/0.ms" "$OUT/$i.ms" | awk '{ printf "%.1f\n", $2 - $1 }' > "$OUT/$i.added"
  printf '  %-8s median %8s ms, added (median of paired differences) %8s ms   %s\n' "$([ $i = 1 ] && echo before || echo after)" \
    "$(median "$OUT/$i.ms")" "$(median "$OUT/$i.added")" "$([ $i = 1 ] && echo "$BEFORE" || echo "$AFTER")"
done
