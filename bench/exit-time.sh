#!/usr/bin/env bash
# What the agent adds to a JVM's exit, and whether a default run opens any perf event. bench/apps/ExitStamp lives
# LIFE ms (past the agent's set-up: the seccomp probe has run), prints System.nanoTime() as main's last act; the
# parent (bench/apps/ExitTime) stamps the process's end on the same clock. Rounds alternate the order of the
# configurations: no agent, the defaults (report on stderr, discarded), report=none, kernelcheck=perf (the
# tracepoint counters, whose closing the exit pays), and the defaults and report=none with kernelcheck=timing (no
# probe and no counters: what the default seccomp check adds to the exit is the difference); then no agent and
# report=none ended by Runtime.halt(0). Then one default run's /proc/PID/fd: the perf_event fds in it.
#
# Usage: bench/exit-time.sh [--rounds N] [--life MS]   (default 20 rounds, 2000 ms)
#   JAVA_HOME selects the JDK (else `java` on PATH). Build first: mvn -B -q -DskipTests package.
set -euo pipefail
ROUNDS=20; LIFE=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift ;;
    --life) LIFE=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AGENT="$ROOT/agent/target/vdso-agent.jar"
CLASSES="$ROOT/bench/target/classes"
for f in "$AGENT" "$CLASSES"; do
  [ -e "$f" ] || { echo "missing $f: build first (mvn -B -q -DskipTests package)" >&2; exit 1; }
done
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
NATIVE=()
[ "$FEATURE" -ge 24 ] && NATIVE=(--enable-native-access=ALL-UNNAMED)

echo "JDK $FEATURE, $ROUNDS rounds, main lives $LIFE ms, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CLASSES" io.github.vdsoagent.bench.apps.ExitTime "$JAVA" "$AGENT" "$ROUNDS" "$LIFE" "${NATIVE[@]}" -- \
  "" "report=none" "kernelcheck=perf" "kernelcheck=timing" "report=none,kernelcheck=timing"
# The same JVMs ended by Runtime.halt: no exit hook runs, so nothing of the agent's can be closed first.
echo "ended by Runtime.halt(0):"
"$JAVA" -cp "$CLASSES" io.github.vdsoagent.bench.apps.ExitTime "$JAVA" "$AGENT" "$ROUNDS" "$LIFE" "${NATIVE[@]}" \
  -Dexitstamp.halt=true -- "report=none"

# A default run, looked at while it lives: the agent's set-up has run by then.
"$JAVA" "${NATIVE[@]}" "-javaagent:$AGENT=report=none" -cp "$CLASSES" io.github.vdsoagent.bench.apps.ExitStamp 3000 \
  > /dev/null &
pid=$!
sleep 2.5
fds=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c 'perf_event' || true)
wait "$pid"
echo "perf_event fds in a default run (report=none), 2.5 s after start: $fds"
