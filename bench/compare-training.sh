#!/bin/sh
# Training and inference throughput, SLT vs PyTorch CPU side by side: convnet (training batch 128, inference batch 128)
# and resnet20 (training batch 128, inference batch 64) on synthetic 28x28x1 images with 10 classes, same threads.
# Builds the bench jar, then alternates Java and PyTorch processes for ROUNDS rounds per thread count (the host is
# shared and noisy: interleaving puts both under the same conditions) and prints one table of medians over rounds.
# usage: [THREADS="1 2"] [MODELS="convnet resnet20"] [SLT_BENCH_CLOCK=cpu] bench/compare-training.sh [ROUNDS] [REPS]
#        (SLT_BENCH_CLOCK=cpu times both sides with process CPU time: on a loaded host the 1-thread ratio then
#        compares the work each side did, not how long each waited for a core; at 2 threads it counts both cores)
#        (raw JSON lines in bench/target/compare-training; ROUNDS=1 REPS=1 is a quick check that it runs)
set -e
ROUNDS=${1:-3}
REPS=${2:-5}
MODELS=${MODELS:-convnet resnet20}
PY=/usr/bin/python3    # Debian's python3 with python3-torch, not the pyenv one first on PATH
cd "$(dirname "$0")/.."
. ./.mvn/jdk25.sh   # JAVA_HOME = a JDK 25+, found like ./mvnw does
JAVA=${JAVA:-$JAVA_HOME/bin/java}
./mvnw -B -q -pl bench -am package -DskipTests
OUT=bench/target/compare-training
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
for T in ${THREADS:-1 2}; do
  for r in $(seq 1 "$ROUNDS"); do
    echo "# $(date -u +%T) T=$T round $r" >&2
    # shellcheck disable=SC2086
    "$JAVA" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
      dev.slt.bench.TrainingThroughput "$T" "$REPS" $MODELS 2>/dev/null | grep '^{' >> "$OUT/results.jsonl"
    # shellcheck disable=SC2086
    OMP_NUM_THREADS=$T $PY bench/compare_training.py "$T" "$REPS" $MODELS >> "$OUT/results.jsonl"
  done
done
$PY - "$OUT/results.jsonl" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
def med(model, phase, t, impl):
    v = [r["img_s_med"] for r in rows if (r["model"], r["phase"], r["threads"], r["impl"]) == (model, phase, t, impl)]
    return (statistics.median(v), len(v)) if v else (float("nan"), 0)
keys = list(dict.fromkeys((r["model"], r["phase"], r["batch"]) for r in rows))
for m in dict.fromkeys(r["model"] for r in rows):
    counts = {r["impl"]: r["params"] for r in rows if r["model"] == m}
    if len(set(counts.values())) > 1: print(f"WARNING: {m} has different parameter counts: {counts}")
print("| T | model | phase | batch | PyTorch img/s | SLT img/s | SLT/PyTorch |")
print("|---|---|---|---|---|---|---|")
for t in sorted({r["threads"] for r in rows}):
    for model, phase, batch in keys:
        p, _ = med(model, phase, t, "pytorch"); s, n = med(model, phase, t, "slt")
        print(f"| {t} | {model} | {'training' if phase == 'train' else 'inference'} | {batch} | {p:.0f} | {s:.0f} | {s / p:.2f} |")
import os
clock = "process CPU time" if os.environ.get("SLT_BENCH_CLOCK") == "cpu" else "wall clock"
print(f"(28x28x1, 10 classes; {clock}; medians over rounds of per-process medians; ratio > 1 means SLT is faster)")
PYEOF
