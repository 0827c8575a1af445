#!/usr/bin/env bash
# What the agent's MBeans (jmx=on, the default) cost a JVM in which nothing else uses JMX: the platform MBean
# server's first use, the JDK's, a second into the JVM's life. Each round runs an application that idles 3 s (past
# the set-up) under the agent with jmx=off and with jmx=on, in turn; prints the median CPU time (user + system) of
# each and the median of the paired differences. CPU time, not wall time: the set-up runs beside the application.
#
# Usage: bench/jmx-cpu.sh [--rounds N] [AGENT.jar]   (default 12 rounds, agent/target/vdso-agent.jar)
#   JAVA_HOME selects the JDK (else `java` on PATH). Build first: mvn -B -q -DskipTests package.
set -euo pipefail

ROUNDS=12
if [ "${1:-}" = "--rounds" ]; then ROUNDS=$2; shift 2; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$ROOT/agent/target/vdso-agent.jar}
[ -f "$JAR" ] || { echo "no such jar: $JAR (build first: mvn -B -q -DskipTests package)" >&2; exit 2; }
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
CLASSES="$ROOT/bench/target/classes"
[ -d "$CLASSES" ] || { echo "missing $CLASSES: build first (mvn -B -q -DskipTests package)" >&2; exit 1; }
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
NATIVE=()
[ "$FEATURE" -ge 24 ] && NATIVE=(--enable-native-access=ALL-UNNAMED)

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
TIMEFORMAT='%U %S'
for ((r = 0; r < ROUNDS; r++)); do
  for mode in off on; do
    { time "$JAVA" "${NATIVE[@]}" "-javaagent:$JAR=report=none,jmx=$mode" -cp "$CLASSES" \
        io.github.vdsoagent.bench.apps.Idle 3000 > /dev/null 2>&1; } 2> "$OUT/t"
    awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' "$OUT/t" >> "$OUT/$mode.ms"
  done
done
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f", m }'; }
paste "$OUT/off.ms" "$OUT/on.ms" | awk '{ print $2 - $1 }' > "$OUT/added"
echo "JDK $FEATURE, $ROUNDS interleaved rounds, CPU pressure $(awk '/some/ { print $2 }' /proc/pressure/cpu 2>/dev/null || echo n/a)"
echo "  jmx=off  median CPU $(median "$OUT/off.ms") ms"
echo "  jmx=on   median CPU $(median "$OUT/on.ms") ms, added (median of paired differences) $(median "$OUT/added") ms"
