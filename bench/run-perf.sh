#!/usr/bin/env bash
# vdso-agent's performance figures for one JDK (JAVA_HOME selects it; else `java` on PATH), each against the same
# JVM without the agent, measured in one run:
#   floor     a C loop: clock_gettime through glibc's vDSO, and the forced system call (ns/call); and what the
#             kernel check's tracepoint counters add to every other system call of the process
#   startup   hello world with -javaagent vs without (added median wall ms), and an application loading ~5,000
#             library classes (added % of its own start-up); runs interleaved, pair by pair
#   warnings  on JDK 24+: stderr of a JVM started with the agent (must hold no warning)
#   attach    `java -jar vdso-agent.jar attach PID` into a JVM with 5,000 loaded classes: time to the first
#             counted call, and the longest pause the target's heartbeat thread sees meanwhile (plus -Xlog:safepoint)
#   memory    heap + metaspace the agent adds to the demo app (live bytes from jcmd GC.class_histogram), and bytes per call
#             site with 10,010 sites (a difference of differences against a same-shaped class without time calls)
#   coarse    currentTimeMillis() and Instant.now() in plain loops (bench/apps/ClockLoop): no agent, the agent's
#             precise path, and coarse=wallclock, interleaved JVM by JVM (ns/call: median of the runs' medians)
#   jmh       the per-call JMH figures (bench/target/benchmarks.jar, BenchMain): the long part
#
# Usage: bench/run-perf.sh [--quick] [--no-jmh | --only-jmh] [--only floor,startup,warnings,attach,memory,coarse,jmh]
#          [--forks N] [--out DIR]
#   --quick   fewer repetitions everywhere (a smoke run: figures too noisy to quote)
#   --forks   JMH forks per configuration (default 4; 2 takes half the time)
#   --only    just these sections
# Build first (from the repository root): mvn -B -q -DskipTests package
# Public tools only: the JDK (java, jcmd), JMH, cc, awk.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
RUN_JMH=1
RUN_REST=1
OUT=""
ONLY=""
FORKS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-jmh) RUN_JMH=0 ;;
    --only-jmh) RUN_REST=0 ;;
    --out) OUT=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --forks) FORKS=(--forks "$2"); shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; JCMD="$JAVA_HOME/bin/jcmd"; else JAVA=java; JCMD=jcmd; fi
AGENT="$ROOT/agent/target/vdso-agent.jar"
DEMO="$ROOT/demo-app/target/demo-app.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
CLASSES="$ROOT/bench/target/classes"
LIBS="$ROOT/bench/target/app-libs"
for f in "$AGENT" "$DEMO" "$BENCH_JAR" "$LIBS/guava.jar" "$LIBS/byte-buddy.jar"; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -B -q -DskipTests package)" >&2; exit 1; }
done

FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
JDK_VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/ java.version =/ {print $2}')
NATIVE=()
[ "$FEATURE" -ge 24 ] && NATIVE=(--enable-native-access=ALL-UNNAMED)
[ -n "$OUT" ] || OUT="$ROOT/bench/target/perf-jdk$FEATURE-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"

if [ $QUICK = 1 ]; then
  HELLO_PAIRS=8; APP_PAIRS=4; ATTACH_RUNS=2; MEM_RUNS=1; LOOP_RUNS=2; JMH_ARGS=(--quick)
else
  HELLO_PAIRS=30; APP_PAIRS=12; ATTACH_RUNS=5; MEM_RUNS=5; LOOP_RUNS=7; JMH_ARGS=()
fi

STARTED=()
cleanup() { local p; for p in "${STARTED[@]}"; do kill "$p" 2> /dev/null || true; done; }
trap cleanup EXIT
want() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
say() { echo "$*" | tee -a "$SUMMARY"; }
ms_since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
# stats FILE -> "median p25 p75 n" of the numbers in FILE, one a line
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - - 0"; exit }
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "%.1f %.1f %.1f %d\n", m, v[int((NR - 1) * 0.25) + 1], v[int((NR - 1) * 0.75) + 1], NR }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

say "=== vdso-agent perf: JDK $JDK_VERSION ($JAVA), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(load)"
say "    kernel $(uname -r), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo ?)," \
    "agent $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo ?), quick=$QUICK, results in $OUT"
[ ${#NATIVE[@]} -gt 0 ] && say "    JDK $FEATURE: every JVM below (with and without the agent) gets ${NATIVE[*]}"

# ---------------------------------------------------------------------------------------------------------------
# Runs the given commands (bash strings) in turn, ROUNDS times, interleaved: A B C A B C ...; wall ms of each run
# goes to $OUT/$NAME.<index>.ms. One untimed warm-up round first (page cache, CDS archive mapping).
interleave() {
  local name=$1 rounds=$2; shift 2
  local cmds=("$@") i r t0 t1
  for i in "${!cmds[@]}"; do : > "$OUT/$name.$i.ms"; eval "${cmds[$i]}" > /dev/null 2>> "$OUT/$name.$i.stderr" || true; done
  for ((r = 0; r < rounds; r++)); do
    for i in "${!cmds[@]}"; do
      t0=$EPOCHREALTIME
      eval "${cmds[$i]}" > /dev/null 2>> "$OUT/$name.$i.stderr"
      t1=$EPOCHREALTIME
      ms_since "$t0" "$t1" >> "$OUT/$name.$i.ms"; echo >> "$OUT/$name.$i.ms"
    done
  done
}
# paired NAME BASE_INDEX AGENT_INDEX -> "median_base median_agent median_paired_difference p25_diff p75_diff"
paired() {
  local name=$1 b=$2 a=$3
  paste "$OUT/$name.$b.ms" "$OUT/$name.$a.ms" | awk '{ print $2 - $1 }' > "$OUT/$name.$a-minus-$b.ms"
  read -r mb _ _ n < <(stats "$OUT/$name.$b.ms")
  read -r ma _ _ _ < <(stats "$OUT/$name.$a.ms")
  read -r md d25 d75 _ < <(stats "$OUT/$name.$a-minus-$b.ms")
  echo "$mb $ma $md $d25 $d75 $n"
}
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "MISSED" }'; }

if [ $RUN_REST = 1 ] && want floor; then
# --- floor -------------------------------------------------------------------------------------------------------
say ""
say "--- physical floor (C, outside any JVM; median of 11 loops, [min max])"
if command -v cc > /dev/null; then
  cc -O2 -o "$OUT/clock_floor" "$ROOT/bench/src/main/c/clock_floor.c"
  "$OUT/clock_floor" > "$OUT/floor.txt"
  while read -r what med lo hi; do say "$(printf '    %-34s %8.1f ns/call  [%s %s]' "$what" "$med" "$lo" "$hi")"; done < "$OUT/floor.txt"
  say "--- what the kernel check's counters cost every other system call (C, median of 9 loops of getppid)"
  cc -O2 -o "$OUT/tracing_overhead" "$ROOT/bench/src/main/c/tracing_overhead.c"
  TRACEFS=/sys/kernel/tracing/events; [ -d "$TRACEFS" ] || TRACEFS=/sys/kernel/debug/tracing/events
  "$OUT/tracing_overhead" "$TRACEFS" | while read -r line; do say "    $line"; done
else
  say "    no cc: skipped"
fi
fi

# --- start-up ----------------------------------------------------------------------------------------------------
J="$JAVA ${NATIVE[*]}"
APPCP="$CLASSES:$LIBS/guava.jar:$LIBS/byte-buddy.jar"
if [ $RUN_REST = 1 ] && want startup; then
say ""
say "--- start-up: hello world, $HELLO_PAIRS interleaved rounds (wall ms: median base, median agent, median of paired differences [p25 p75]), load $(load)"
interleave hello "$HELLO_PAIRS" \
  "$J -cp $CLASSES io.github.vdsoagent.bench.apps.Hello" \
  "$J -javaagent:$AGENT -cp $CLASSES io.github.vdsoagent.bench.apps.Hello" \
  "$J -javaagent:$AGENT=report=none -cp $CLASSES io.github.vdsoagent.bench.apps.Hello" \
  "$J -javaagent:$AGENT=clock=jvm,report=none -cp $CLASSES io.github.vdsoagent.bench.apps.Hello" \
  "$J -javaagent:$AGENT=kernelcheck=timing -cp $CLASSES io.github.vdsoagent.bench.apps.Hello" \
  "$J -javaagent:$AGENT=startdelay=0 -cp $CLASSES io.github.vdsoagent.bench.apps.Hello"
read -r mb ma md d25 d75 n < <(paired hello 0 1)
say "    -javaagent (defaults: report to stderr at exit): base $mb, agent $ma, added $md ms [$d25 $d75]  target <= 150 ms: $(verdict "$md" 150)"
read -r mb ma md d25 d75 n < <(paired hello 0 2)
say "    -javaagent=report=none:                          base $mb, agent $ma, added $md ms [$d25 $d75]"
read -r mb ma md d25 d75 n < <(paired hello 0 3)
say "    -javaagent=clock=jvm,report=none:                base $mb, agent $ma, added $md ms [$d25 $d75]"
read -r mb ma md d25 d75 n < <(paired hello 0 4)
say "    -javaagent=kernelcheck=timing (no counters):     base $mb, agent $ma, added $md ms [$d25 $d75]"
read -r mb ma md d25 d75 n < <(paired hello 0 5)
say "    -javaagent=startdelay=0 (counters from premain): base $mb, agent $ma, added $md ms [$d25 $d75]"

# Evidence for where start-up goes: how many classes the JVM loads for hello world with and without the agent.
"$JAVA" "${NATIVE[@]}" -Xlog:class+load=info:file="$OUT/classload-base.txt" -cp "$CLASSES" io.github.vdsoagent.bench.apps.Hello > /dev/null
"$JAVA" "${NATIVE[@]}" -Xlog:class+load=info:file="$OUT/classload-agent.txt" "-javaagent:$AGENT=report=none" -cp "$CLASSES" io.github.vdsoagent.bench.apps.Hello > /dev/null
cb=$(grep -c 'source:' "$OUT/classload-base.txt" || true); ca=$(grep -c 'source:' "$OUT/classload-agent.txt" || true)
cown=$(grep -c '] io\.github\.vdsoagent\.' "$OUT/classload-agent.txt" || true)
cshaded=$(grep -c '] io\.github\.vdsoagent\.shaded\.' "$OUT/classload-agent.txt" || true)
say "    classes loaded by hello world (-Xlog:class+load): base $cb, with the agent (report=none) $ca: +$((ca - cb)), of which" \
    "$cown are the agent's own (io.github.vdsoagent.*, $cshaded of them its shaded dependencies), $((ca - cb - cown)) the JDK's"
APP="io.github.vdsoagent.bench.apps.ManyClasses $LIBS/guava.jar $LIBS/byte-buddy.jar"
"$JAVA" "${NATIVE[@]}" -cp "$APPCP" $APP > "$OUT/manyclasses.out"
say ""
say "--- start-up: $(cat "$OUT/manyclasses.out"), $APP_PAIRS interleaved rounds, load $(load)"
interleave app "$APP_PAIRS" \
  "$J -cp $APPCP $APP" \
  "$J -javaagent:$AGENT -cp $APPCP $APP" \
  "$J -javaagent:$AGENT=report=none -cp $APPCP $APP" \
  "$J -javaagent:$AGENT=kernelcheck=timing -cp $APPCP $APP" \
  "$J -javaagent:$AGENT=startdelay=0 -cp $APPCP $APP"
read -r mb ma md d25 d75 n < <(paired app 0 1)
pct=$(awk -v d="$md" -v b="$mb" 'BEGIN { printf "%.1f", 100 * d / b }')
say "    -javaagent (defaults): base $mb, agent $ma, added $md ms [$d25 $d75] = $pct% of its start-up  target <= 20%: $(verdict "$pct" 20)"
read -r mb ma md d25 d75 n < <(paired app 0 2)
pct=$(awk -v d="$md" -v b="$mb" 'BEGIN { printf "%.1f", 100 * d / b }')
say "    -javaagent=report=none: base $mb, agent $ma, added $md ms [$d25 $d75] = $pct%"
read -r mb ma md d25 d75 n < <(paired app 0 3)
pct=$(awk -v d="$md" -v b="$mb" 'BEGIN { printf "%.1f", 100 * d / b }')
say "    -javaagent=kernelcheck=timing: base $mb, agent $ma, added $md ms [$d25 $d75] = $pct%"
read -r mb ma md d25 d75 n < <(paired app 0 4)
pct=$(awk -v d="$md" -v b="$mb" 'BEGIN { printf "%.1f", 100 * d / b }')
say "    -javaagent=startdelay=0 (counters from premain): base $mb, agent $ma, added $md ms [$d25 $d75] = $pct%"

fi

# --- warnings ----------------------------------------------------------------------------------------------------
if [ $RUN_REST = 1 ] && want warnings; then
say ""
say "--- stderr at start-up with the agent (hello world; JDK $FEATURE)"
check_stderr() {
  local label=$1; shift
  local err="$OUT/stderr-$label.txt"
  "$@" > /dev/null 2> "$err" || true
  local lines warnings
  lines=$(wc -l < "$err"); warnings=$(grep -ci 'warning' "$err" || true)
  say "    $label: $lines line(s) on stderr, $warnings containing 'warning'$( [ "$lines" -gt 0 ] && echo ": $(head -c 200 "$err" | tr '\n' '|')")"
}
check_stderr "report=none,native-access" "$JAVA" "${NATIVE[@]}" "-javaagent:$AGENT=report=none" -cp "$CLASSES" io.github.vdsoagent.bench.apps.Hello
if [ "$FEATURE" -ge 24 ]; then
  check_stderr "report=none,no-native-access-flag" "$JAVA" "-javaagent:$AGENT=report=none" -cp "$CLASSES" io.github.vdsoagent.bench.apps.Hello
fi
err="$OUT/stderr-default.txt"
"$JAVA" "${NATIVE[@]}" "-javaagent:$AGENT" -cp "$CLASSES" io.github.vdsoagent.bench.apps.Hello > /dev/null 2> "$err" || true
say "    defaults (the report goes to stderr): $(grep -ci 'warning' "$err" || true) line(s) containing 'warning' in $(wc -l < "$err") lines"

fi

# --- attach ------------------------------------------------------------------------------------------------------
if [ $RUN_REST = 1 ] && want attach; then
say ""
say "--- attach into a JVM with 5,000 loaded classes, $ATTACH_RUNS targets, load $(load)"
: > "$OUT/attach.ms"; : > "$OUT/attach-pause.ms"; : > "$OUT/attach-quiet.ms"; : > "$OUT/attach-safepoint.ms"; : > "$OUT/attach-cli.ms"
for ((r = 1; r <= ATTACH_RUNS; r++)); do
  dir="$OUT/attach-$r"; mkdir -p "$dir"
  "$JAVA" "${NATIVE[@]}" -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading \
    "-Xlog:safepoint:file=$dir/safepoint.log:uptime" "-Dbench.agentJar=$AGENT" -cp "$APPCP" io.github.vdsoagent.bench.apps.AttachTarget \
    5000 "$dir/stop" "$LIBS/guava.jar" "$LIBS/byte-buddy.jar" > "$dir/target.out" 2> "$dir/target.err" &
  tpid=$!; STARTED+=("$tpid")
  for ((w = 0; w < 600; w++)); do grep -q '^READY' "$dir/target.out" 2> /dev/null && break; sleep 0.05; done
  read -r _ _ loaded _ < <(grep '^READY' "$dir/target.out")
  sleep 2  # a quiet window of the same kind, before attaching: the heartbeat's own noise
  quiet_from=$(awk -v t="$EPOCHREALTIME" 'BEGIN { printf "%.0f", t * 1e6 }')
  sleep 1.5
  sp_before=$(wc -l < "$dir/safepoint.log")
  t0=$EPOCHREALTIME
  "$JAVA" -jar "$AGENT" attach "$tpid" > "$dir/attach.out" 2> "$dir/attach.err" || say "    run $r: attach FAILED: $(head -c 300 "$dir/attach.err")"
  t1=$EPOCHREALTIME
  sleep 0.5
  sp_after=$(wc -l < "$dir/safepoint.log")
  touch "$dir/stop"; wait "$tpid" || true
  t0us=$(awk -v t="$t0" 'BEGIN { printf "%.0f", t * 1e6 }'); t1us=$(awk -v t="$t1" 'BEGIN { printf "%.0f", t * 1e6 }')
  first=$(awk '/^FIRST_COUNTED/ { print $2 }' "$dir/target.out")
  [ -n "$first" ] || first=0
  to_first=$(awk -v a="$t0us" -v f="$first" 'BEGIN { if (f == 0) print "none"; else printf "%.1f", (f - a) / 1000 }')
  # the longest heartbeat gap that ends within [attach start, CLI end + 0.5 s], and within the quiet 1.5 s before
  pause=$(awk -v a="$t0us" -v b="$t1us" '/^GAP/ && $2 >= a && $2 - $3 <= b + 500000 { if ($3 > m) m = $3 } END { printf "%.1f", m / 1000 }' "$dir/target.out")
  quiet=$(awk -v a="$quiet_from" -v b="$t0us" '/^GAP/ && $2 >= a && $2 <= b { if ($3 > m) m = $3 } END { printf "%.1f", m / 1000 }' "$dir/target.out")
  sp=$(sed -n "$((sp_before + 1)),${sp_after}p" "$dir/safepoint.log" | awk -F'Total: ' 'NF > 1 { split($2, x, " "); if (x[1] > m) m = x[1] } END { printf "%.1f", m / 1e6 }')
  cli=$(ms_since "$t0" "$t1")
  echo "$to_first" >> "$OUT/attach.ms"; echo "$pause" >> "$OUT/attach-pause.ms"; echo "$quiet" >> "$OUT/attach-quiet.ms"
  echo "$sp" >> "$OUT/attach-safepoint.ms"; echo "$cli" >> "$OUT/attach-cli.ms"
  say "    run $r: $loaded classes loaded; attach -> first counted call $to_first ms (CLI exit after $cli ms: $(head -c 160 "$dir/attach.out" | tr -d '\n'));" \
      "longest heartbeat gap $pause ms (quiet window before: $quiet ms); longest safepoint $sp ms"
done
# A run that counted no call ("none") is a failed attach, not a fast one.
failed=$(grep -c none "$OUT/attach.ms" || true)
grep -v none "$OUT/attach.ms" > "$OUT/attach-counted.ms" || true
read -r m p25 p75 _ < <(stats "$OUT/attach-counted.ms"); mx=$(sort -g "$OUT/attach-counted.ms" | tail -1)
attach_verdict=$(verdict "$m" 1000)
[ "$failed" -gt 0 ] && attach_verdict="FAILED: $failed of $ATTACH_RUNS attaches counted no call"
say "    attach -> first counted call: median $m ms [p25 $p25, p75 $p75], max $mx ms  target <= 1000 ms (median): $attach_verdict"
read -r m _ _ _ < <(stats "$OUT/attach-pause.ms"); mx=$(sort -g "$OUT/attach-pause.ms" | tail -1)
read -r q _ _ _ < <(stats "$OUT/attach-quiet.ms"); read -r s _ _ _ < <(stats "$OUT/attach-safepoint.ms")
smx=$(sort -g "$OUT/attach-safepoint.ms" | tail -1)
say "    longest pause seen by the target: median $m ms, max $mx ms (quiet baseline median $q ms; safepoints median $s, max $smx ms)  target <= 50 ms: $(verdict "$mx" 50)"

fi

# --- memory ------------------------------------------------------------------------------------------------------
# heap_meta PID -> "heapKB metaspaceUsedKB" after a full GC: the live objects' bytes (GC.class_histogram's total, which
# collects first) and VM.metaspace's total. Not GC.heap_info's "used": that counts whole TLABs handed out since the
# collection, and moved by a megabyte from run to run in the agent's JVMs on JDK 25 while the live bytes agreed to 0.3 KB.
heap_meta() {
  "$JCMD" "$1" GC.run > /dev/null
  local heap meta
  heap=$("$JCMD" "$1" GC.class_histogram | awk '$1 == "Total" { printf "%.0f\n", $3 / 1024 }')
  meta=$("$JCMD" "$1" VM.metaspace | awk '/Total Usage/ { t = 1 } t && /Both:/ && match($0, /[0-9.]+ (bytes|KB|MB|GB) \( *[<0-9]+%\) used/) {
      split(substr($0, RSTART, RLENGTH), x, " "); f = (x[2] == "bytes") ? 1 / 1024 : (x[2] == "KB") ? 1 : (x[2] == "MB") ? 1024 : 1048576
      printf "%.0f\n", x[1] * f; exit }')
  echo "${heap:-0} ${meta:-0}"
}
if [ $RUN_REST = 1 ] && want memory; then
# Waits (at most MAX_S seconds) for the JVM PID to print READY in OUTFILE, lets it settle for a second, prints its
# heap and metaspace, then touches STOPFILE and waits for it to end.
measure_when_ready() {
  local pid=$1 outfile=$2 stopfile=$3 max_s=$4 w
  for ((w = 0; w < max_s * 20; w++)); do grep -q '^READY' "$outfile" 2> /dev/null && break; sleep 0.05; done
  sleep 1
  heap_meta "$pid"
  touch "$stopfile"; wait "$pid" || true
}
say ""
say "--- memory: live heap + metaspace used after a full GC (jcmd GC.class_histogram's total; VM.metaspace), $MEM_RUNS run(s) each, load $(load)"
: > "$OUT/mem-demo.0"; : > "$OUT/mem-demo.1"
DEMO_ARGS="--iterations 100000"
for ((r = 1; r <= MEM_RUNS; r++)); do
  for i in 0 1; do
    opt=(); [ $i = 1 ] && opt=("-javaagent:$AGENT")
    rm -f "$OUT/demo-stop"
    "$JAVA" "${NATIVE[@]}" "${opt[@]}" -cp "$CLASSES:$DEMO" io.github.vdsoagent.bench.apps.DemoThenWait "$OUT/demo-stop" \
      $DEMO_ARGS > "$OUT/mem-demo-$i-$r.out" 2> "$OUT/mem-demo-$i-$r.err" &
    dpid=$!; STARTED+=("$dpid")
    measure_when_ready "$dpid" "$OUT/mem-demo-$i-$r.out" "$OUT/demo-stop" 60 >> "$OUT/mem-demo.$i"
  done
done
rm -f "$OUT/demo-stop"
read -r bh bm < <(awk '{ h += $1; m += $2 } END { printf "%.0f %.0f\n", h / NR, m / NR }' "$OUT/mem-demo.0")
read -r ah am < <(awk '{ h += $1; m += $2 } END { printf "%.0f %.0f\n", h / NR, m / NR }' "$OUT/mem-demo.1")
added=$(awk -v a="$((ah + am))" -v b="$((bh + bm))" 'BEGIN { printf "%.2f", (a - b) / 1024 }')
say "    demo app ($DEMO_ARGS, all 20 APIs, agent defaults; measured after its run, in the same JVM): base heap ${bh} KB + metaspace ${bm} KB;" \
    "agent heap ${ah} KB + metaspace ${am} KB; added $added MB (heap $(( (ah - bh) )) KB, metaspace $(( (am - bm) )) KB)  target <= 16 MB: $(verdict "$added" 16)"
say "      per run (heapKB metaspaceKB): base [$(tr '\n' ';' < "$OUT/mem-demo.0")] agent [$(tr '\n' ';' < "$OUT/mem-demo.1")]"

SITES_CLASSES=10; SITES_METHODS=1000; SITES=$((SITES_CLASSES * (SITES_METHODS + 1)))
for v in time-agent control-agent time-none control-none; do : > "$OUT/mem-sites.$v"; done
for ((r = 1; r <= MEM_RUNS; r++)); do
  for v in time-agent control-agent time-none control-none; do
    kind=${v%-*}; opt=()
    [ "${v#*-}" = agent ] && opt=("-javaagent:$AGENT=include=io.github.vdsoagent.bench.apps.gen.*,report=none")
    rm -f "$OUT/sites-stop"
    "$JAVA" "${NATIVE[@]}" "${opt[@]}" -cp "$BENCH_JAR" io.github.vdsoagent.bench.apps.SitesMemory \
      $SITES_CLASSES $SITES_METHODS "$kind" "$OUT/sites-stop" > "$OUT/mem-sites-$v-$r.out" 2>&1 &
    spid=$!; STARTED+=("$spid")
    measure_when_ready "$spid" "$OUT/mem-sites-$v-$r.out" "$OUT/sites-stop" 30 >> "$OUT/mem-sites.$v"
  done
done
rm -f "$OUT/sites-stop"
# The median run: GC.heap_info's "used" spread by a megabyte from run to run (100 B a site) before the live bytes were taken.
sum_kb() { awk '{ print $1 + $2 }' "$1" | sort -g | awk '{ v[NR] = $1 }
  END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ta=$(sum_kb "$OUT/mem-sites.time-agent"); ca=$(sum_kb "$OUT/mem-sites.control-agent")
tn=$(sum_kb "$OUT/mem-sites.time-none"); cn=$(sum_kb "$OUT/mem-sites.control-none")
per=$(awk -v ta="$ta" -v ca="$ca" -v tn="$tn" -v cn="$cn" -v n="$SITES" 'BEGIN { printf "%.0f", ((ta - ca) - (tn - cn)) * 1024 / n }')
say "    $SITES call sites (heap+metaspace KB, median of $MEM_RUNS): agent time-calls $ta vs control $ca; no agent $tn vs $cn" \
    "-> $per bytes per site  target <= 128 B: $(verdict "$per" 128)"
say "      per run (heapKB metaspaceKB): agent time [$(tr '\n' ';' < "$OUT/mem-sites.time-agent")] control [$(tr '\n' ';' < "$OUT/mem-sites.control-agent")]" \
    "none time [$(tr '\n' ';' < "$OUT/mem-sites.time-none")] control [$(tr '\n' ';' < "$OUT/mem-sites.control-none")]"
fi

# --- coarse clocks in plain loops -------------------------------------------------------------------------------
if [ $RUN_REST = 1 ] && want coarse; then
say ""
say "--- coarse clocks in plain loops (bench/apps/ClockLoop: 15 rounds of 2,000,000 calls after 5 of warm-up, median ns/call per JVM), $LOOP_RUNS interleaved runs, load $(load)"
LOOP="io.github.vdsoagent.bench.apps.ClockLoop 15 2000000"
LOOP_AGENT="include=io.github.vdsoagent.bench.apps.ClockLoop,report=none"
: > "$OUT/loop.none"; : > "$OUT/loop.vdso"; : > "$OUT/loop.coarse"
for ((r = 1; r <= LOOP_RUNS; r++)); do
  "$JAVA" "${NATIVE[@]}" -Dbench.agent=none -cp "$BENCH_JAR" $LOOP >> "$OUT/loop.none"
  "$JAVA" "${NATIVE[@]}" -Dbench.agent=vdso "-javaagent:$AGENT=$LOOP_AGENT" -cp "$BENCH_JAR" $LOOP >> "$OUT/loop.vdso"
  "$JAVA" "${NATIVE[@]}" -Dbench.agent=vdso "-javaagent:$AGENT=$LOOP_AGENT,coarse=wallclock" -cp "$BENCH_JAR" $LOOP >> "$OUT/loop.coarse"
done
for api in currentTimeMillis Instant.now; do
  for c in none vdso coarse; do awk -v a="$api" '$2 == a { print $3 }' "$OUT/loop.$c" > "$OUT/loop.$c.$api"; done
  read -r n _ _ _ < <(stats "$OUT/loop.none.$api"); read -r v _ _ _ < <(stats "$OUT/loop.vdso.$api")
  read -r k _ _ _ < <(stats "$OUT/loop.coarse.$api")
  ratio=$(awk -v k="$k" -v n="$n" 'BEGIN { printf "%.3f", k / n }')
  say "    $api: JDK $n ns, agent clock=vdso $v ns, agent coarse=wallclock $k ns: ${ratio}x the JDK's  target <= 0.50x: $(verdict "$ratio" 0.50)"
  say "      per run: none [$(tr '\n' ' ' < "$OUT/loop.none.$api")] vdso [$(tr '\n' ' ' < "$OUT/loop.vdso.$api")] coarse [$(tr '\n' ' ' < "$OUT/loop.coarse.$api")]"
done
fi

# --- JMH ---------------------------------------------------------------------------------------------------------
if [ $RUN_JMH = 1 ] && want jmh; then
  say ""
  say "--- per-call figures (JMH), load $(load); JMH logs in $OUT/jmh"
  "$JAVA" -jar "$BENCH_JAR" --agent "$AGENT" --out "$OUT/jmh" "${JMH_ARGS[@]}" "${FORKS[@]}" > "$OUT/jmh.out" 2>&1
  cat "$OUT/jmh/per-call.md" | tee -a "$SUMMARY"
fi
say ""
say "=== done $(date -u +%Y-%m-%dT%H:%MZ), load $(load); summary in $SUMMARY"
