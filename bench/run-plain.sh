#!/usr/bin/env bash
# What a rewritten time call costs in plain code, not in a JMH harness: small main programs
# (bench/src/main/java/io/github/vdsoagent/bench/plain) run without the agent and with
# -javaagent:agent/target/vdso-agent.jar=report=none (clock=vdso, the default) and =report=none,clock=jvm, in pairs
# whose order alternates (none vdso jvm, then jvm vdso none, ...), every run pinned the same way. Each run warms up
# until the agent has switched its clock path (and at least --warmup-ms), then times --rounds rounds of --calls
# calls and reports its best round. One line per case, API and clock: the median of the pairs' ratios (agent's best
# / no agent's best), the interval that holds that median with the probability shown (sign test), the medians of the
# best ns per call, and a verdict against the target: met, missed (within error: the target lies in the interval), or
# MISSED.
#
#   cases   main     a loop in main (compiled on stack replacement)
#           hot      the same loop in a method called again and again, 1,000 calls a time
#           sites    8 call sites in lambdas and anonymous classes, called in turn through one interface call
#           threads  two platform threads on one call site (per call of one thread; needs two free cores)
#           virtual  two virtual threads on one call site (JDK 21+; on 17 the line says skipped)
#   apis    nanoTime currentTimeMillis instantNow localDateTimeNow
#
# Usage: bench/run-plain.sh [--quick] [--cases LIST] [--apis LIST] [--clocks vdso,jvm] [--pairs N] [--rounds N]
#          [--calls N] [--warmup-ms N] [--cpus LIST] [--jit] [--agent JAR] [--compare JAR] [--agent-options OPTS]
#          [--jvm-arg ARG]... [--out DIR]
#   --quick          2 pairs of 3 rounds of 3,000,000 calls: a smoke run, too noisy to quote
#   --cpus LIST      taskset CPU list for every run (default: all CPUs; pinning to one CPU spoils threads/virtual)
#   --jit            also one run per case, API and configuration under -XX:+LogCompilation (and PrintCompilation,
#                    PrintInlining): the deoptimizations of the benchmark's and the agent's code, in warm-up and
#                    while measuring (bench.plain.DeoptLog); under OUT/jit/ the compilation logs (*.log), each
#                    run's stdout with PrintCompilation and PrintInlining (*.out), and the deoptimizations (*.deopt.txt)
#   --agent JAR      another agent jar than agent/target/vdso-agent.jar (an older build, to compare with)
#   --compare JAR    a second build in the same pairs: configurations vdso-cmp and jvm-cmp run JAR, and a line per
#                    clock gives the ratio JAR / agent with its interval (two builds of one commit: this host's noise)
#   --agent-options  appended to both agent configurations' options (e.g. a future JFR or sampling option)
#   --jvm-arg ARG    to every JVM, with and without the agent (e.g. -XX:StartFlightRecording)
# JAVA_HOME selects the JDK (else `java` on PATH); JDK 24+ runs get --enable-native-access=ALL-UNNAMED on both sides.
# Build first (from the repository root): mvn -B -q -DskipTests package
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CASES=main,hot,sites,threads,virtual
APIS=nanoTime,currentTimeMillis,instantNow,localDateTimeNow
CLOCKS=vdso,jvm
PAIRS=5
ROUNDS=5
CALLS=10000000
WARMUP_MS=2500
CPUS=""
JIT=0
OUT=""
AGENT_OPTIONS=""
JVM_ARGS=()
AGENT=""
COMPARE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) PAIRS=2; ROUNDS=3; CALLS=3000000; WARMUP_MS=1500 ;;
    --cases) CASES=$2; shift ;;
    --apis) APIS=$2; shift ;;
    --clocks) CLOCKS=$2; shift ;;
    --pairs) PAIRS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --calls) CALLS=$2; shift ;;
    --warmup-ms) WARMUP_MS=$2; shift ;;
    --cpus) CPUS=$2; shift ;;
    --jit) JIT=1 ;;
    --agent) AGENT=$2; shift ;;
    --compare) COMPARE=$2; shift ;;
    --agent-options) AGENT_OPTIONS=",$2"; shift ;;
    --jvm-arg) JVM_ARGS+=("$2"); shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
[ -n "$AGENT" ] || AGENT="$ROOT/agent/target/vdso-agent.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
for f in "$AGENT" "$BENCH_JAR" ${COMPARE:+"$COMPARE"}; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -B -q -DskipTests package)" >&2; exit 1; }
done
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "$FEATURE" -ge 24 ] && JVM_ARGS=(--enable-native-access=ALL-UNNAMED "${JVM_ARGS[@]}")
[ -n "$CPUS" ] || CPUS="0-$(($(nproc) - 1))"
PIN=()
if command -v taskset > /dev/null; then PIN=(taskset -c "$CPUS"); else CPUS="not pinned (no taskset)"; fi
[ -n "$OUT" ] || OUT="$ROOT/bench/target/plain-jdk$FEATURE-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
RUNS="$OUT/runs.txt"
: > "$SUMMARY"
: > "$RUNS"

say() { echo "$*" | tee -a "$SUMMARY"; }
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg), cpu pressure $(awk '/^some/ { sub("avg10=", "", $2); print $2 "%" }' /proc/pressure/cpu 2> /dev/null || echo ?)"; }
class_of() {
  case "$1" in
    main) echo MainLoop ;; hot) echo HotMethod ;; sites) echo ManySites ;; threads) echo TwoThreads ;;
    virtual) echo VirtualThreads ;; *) echo "unknown case $1 (main, hot, sites, threads, virtual)" >&2; exit 2 ;;
  esac
}
# The JVM options of a configuration: none, vdso, jvm, or (--compare) vdso-cmp, jvm-cmp.
config_args() {
  case "$1" in
    none) echo "-Dbench.agent=none" ;;
    vdso) echo "-javaagent:$AGENT=report=none$AGENT_OPTIONS -Dbench.agent=vdso" ;;
    jvm) echo "-javaagent:$AGENT=report=none,clock=jvm$AGENT_OPTIONS -Dbench.agent=jvm" ;;
    vdso-cmp) echo "-javaagent:$COMPARE=report=none$AGENT_OPTIONS -Dbench.agent=vdso" ;;
    jvm-cmp) echo "-javaagent:$COMPARE=report=none,clock=jvm$AGENT_OPTIONS -Dbench.agent=jvm" ;;
  esac
}
# The target a ratio is held to (issue 6's, for plain code in issue 29).
target() {
  local case=$1 api=$2 clock=${3%-cmp}
  if [ "$case" = threads ] || [ "$case" = virtual ]; then echo 1.25
  elif [ "$clock" = jvm ]; then echo 1.05
  elif [ "$api" = instantNow ] || [ "$api" = localDateTimeNow ]; then echo 1.00
  else echo 1.10; fi
}
# run CASE API CONFIG STDOUT_FILE [JVM ARG...] -> the run's "plain ..." line on stdout (empty if it failed); the
# run's whole stdout goes to STDOUT_FILE, its stderr to OUT/CASE-API-CONFIG.stderr
run() {
  local case=$1 api=$2 config=$3 stdout=$4; shift 4
  # shellcheck disable=SC2046 # config_args is split into its options on purpose
  "${PIN[@]}" "$JAVA" "${JVM_ARGS[@]}" $(config_args "$config") "$@" -cp "$BENCH_JAR" \
    "io.github.vdsoagent.bench.plain.$(class_of "$case")" "$api" "$ROUNDS" "$CALLS" "$WARMUP_MS" \
    > "$stdout" 2>> "$OUT/$case-$api-$config.stderr" || true
  # Under --jit, PrintInlining's lines share stdout and one may stop short of its newline just before ours.
  grep -o 'plain case=.*' "$stdout" || true
}
field() { tr ' ' '\n' <<< "$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
# pair_ratios "BASE..." "AGENT..." -> each pair's AGENT / BASE, one a line (pairs where either side is "-" left out)
pair_ratios() {
  local -a base with
  read -r -a base <<< "$1"
  read -r -a with <<< "$2"
  for ((p = 0; p < ${#base[@]} && p < ${#with[@]}; p++)); do
    awk -v a="${with[$p]}" -v b="${base[$p]}" 'BEGIN { if (a > 0 && b > 0) printf "%.4f\n", a / b }'
  done
}
# median min max of the numbers on stdin, one a line
spread() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'; }
# median lo hi level of the numbers on stdin, one a line. [lo hi] is the narrowest pair of order statistics
# x(k), x(n+1-k) that holds the median of all such numbers with at least 95% probability (the sign test: it assumes
# only that the numbers are independent), else min and max; level is that probability in percent: with 9 numbers
# x(2) and x(8), 96%; with 3, min and max, 75%.
median_interval() { sort -g | awk '{ v[NR] = $1 } END { n = NR; if (n == 0) { print "- - - -"; exit }
  m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  term = 0.5 ^ n; below = term; k = 1 # below: the chance that the median lies below x(k), P(Binomial(n, 1/2) < k)
  while (k + 1 <= n - k) { next_term = term * (n - k + 1) / k; if (1 - 2 * (below + next_term) < 0.95) break
    term = next_term; below += term; k++ }
  printf "%.3f %.3f %.3f %.0f\n", m, v[k], v[n + 1 - k], 100 * (1 - 2 * below) }'; }
# verdict RATIO LO TARGET: met (the median ratio is within the target), missed (within error: the target lies in
# the ratio's interval, so these pairs cannot tell), or MISSED
verdict() { awk -v r="$1" -v lo="$2" -v t="$3" 'BEGIN { if (r == "-") print "FAILED (see the .stderr files)"
  else if (r <= t) print "met"; else if (lo <= t) print "missed (within error)"; else print "MISSED" }'; }

IFS=, read -r -a CASE_LIST <<< "$CASES"
IFS=, read -r -a API_LIST <<< "$APIS"
IFS=, read -r -a CLOCK_LIST <<< "$CLOCKS"
for c in "${CASE_LIST[@]}"; do class_of "$c" > /dev/null; done

say "=== plain-code cost: JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/ java.version =/ {print $2}')" \
    "($JAVA), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(load)"
say "    agent $AGENT ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo ?)), $PAIRS pair$([ "$PAIRS" = 1 ] || echo s) (order alternating)," \
    "best of $ROUNDS rounds of $CALLS calls after >= $WARMUP_MS ms of warm-up, CPUs $CPUS, results in $OUT"
[ ${#JVM_ARGS[@]} -gt 0 ] && say "    every JVM (with and without the agent) gets: ${JVM_ARGS[*]}"
[ -n "$AGENT_OPTIONS" ] && say "    agent options added: ${AGENT_OPTIONS#,}"
[ -n "$COMPARE" ] && say "    compared with $COMPARE in the same pairs (vdso-cmp, jvm-cmp)"
say "    case    api                clock    wall: median ratio of the pairs [interval of that median, its probability]," \
    "median best ns/call (no agent -> agent); cpu: ratio [min max] in the calling threads' CPU time; target (for wall)"

for case in "${CASE_LIST[@]}"; do
  for api in "${API_LIST[@]}"; do
    configs=(none "${CLOCK_LIST[@]}")
    [ -z "$COMPARE" ] || for clock in "${CLOCK_LIST[@]}"; do configs+=("$clock-cmp"); done
    declare -A best=() cpu=()
    skipped=""
    for ((p = 0; p < PAIRS; p++)); do
      [ -z "$skipped" ] || break
      order=("${configs[@]}")
      if ((p % 2 == 1)); then order=(); for ((i = ${#configs[@]} - 1; i >= 0; i--)); do order+=("${configs[$i]}"); done; fi
      for config in "${order[@]}"; do
        line=$(run "$case" "$api" "$config" "$OUT/last.out")
        echo "${line:-failed} config=$config" >> "$RUNS"
        if [[ "$line" == *" skipped="* ]]; then skipped=${line#* skipped=}; break; fi
        value=$(field best_ns "$line"); best[$config]+="${value:--} " # "-": a failed run, kept in its pair's place
        value=$(field best_cpu_ns "$line"); cpu[$config]+="${value:--} "
      done
    done
    if [ -n "$skipped" ]; then say "$(printf '    %-7s %-18s skipped: %s' "$case" "$api" "$skipped")"; continue; fi
    for clock in "${configs[@]:1}"; do
      read -r rm rlo rhi rlevel < <(pair_ratios "${best[none]}" "${best[$clock]}" | median_interval)
      read -r cm cmin cmax < <(pair_ratios "${cpu[none]}" "${cpu[$clock]}" | spread)
      read -r bm _ _ < <(tr ' ' '\n' <<< "${best[none]}" | grep -v '^-*$' | spread)
      read -r am _ _ < <(tr ' ' '\n' <<< "${best[$clock]}" | grep -v '^-*$' | spread)
      t=$(target "$case" "$api" "$clock")
      say "$(printf '    %-7s %-18s %-8s %sx [%s %s %s%%]  %8s -> %-8s  cpu %sx [%s %s]  %sx %s  (%s)' "$case" "$api" \
        "$clock" "$rm" "$rlo" "$rhi" "$rlevel" "$bm" "$am" "$cm" "$cmin" "$cmax" "$t" "$(verdict "$rm" "$rlo" "$t")" \
        "$(load)")"
    done
    [ -z "$COMPARE" ] || for clock in "${CLOCK_LIST[@]}"; do
      read -r rm rlo rhi rlevel < <(pair_ratios "${best[$clock]}" "${best[$clock-cmp]}" | median_interval)
      say "$(printf '    %-7s %-18s %-8s compared: %sx [%s %s %s%%] (the --compare build over the agent, pair by pair)' \
        "$case" "$api" "$clock" "$rm" "$rlo" "$rhi" "$rlevel")"
    done
    unset best cpu

    if [ $JIT = 1 ]; then
      mkdir -p "$OUT/jit"
      for config in "${configs[@]}"; do
        name="$OUT/jit/$case-$api-$config"
        line=$(run "$case" "$api" "$config" "$name.out" -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation \
          "-XX:LogFile=$name.log" -XX:+PrintCompilation -XX:+PrintInlining)
        if [ -z "$line" ]; then say "        jit $config: the run failed (see $OUT/$case-$api-$config.stderr)"; continue; fi
        "$JAVA" -cp "$BENCH_JAR" io.github.vdsoagent.bench.plain.DeoptLog "$name.log" \
          "$(field measure_from_ms "$line")" "$(field measure_to_ms "$line")" > "$name.deopt.txt"
        say "        jit $config: $(head -1 "$name.deopt.txt") (of the benchmark's and the agent's code; $name.deopt.txt)"
      done
    fi
  done
done
say "=== done $(date -u +%H:%MZ), $(load)"
