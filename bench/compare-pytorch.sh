#!/bin/sh
# Side-by-side SLT vs PyTorch CPU: conv2d fwd and fwd+bwd at five layers (batch 64) and sgemm 1024, T = 1 and 2.
# Builds the bench jar, then alternates Java and PyTorch processes for ROUNDS rounds per thread count (the host is
# shared and noisy: interleaving puts both under the same conditions), and prints one table of medians over rounds.
# PyTorch runs in its default configuration (glibc malloc, which mmaps/munmaps big tensors per op) and, labelled
# "no-mmap", with MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ raised so large tensors reuse heap pages.
# SHAPES=resnet20-28 instead times the six distinct convolutions of ResNet-20 on 28x28 inputs (the model
# compare-training.sh runs, strides included), forward, data gradient and weight gradient apart, and no sgemm.
# usage: [THREADS="1 2"] [SHAPES=cifar|resnet20-28] bench/compare-pytorch.sh [ROUNDS] [REPS]   (raw JSON lines in bench/target/compare)
set -e
ROUNDS=${1:-3}
REPS=${2:-7}
SHAPES=${SHAPES:-cifar}
PY=/usr/bin/python3    # Debian's python3 with python3-torch, not the pyenv one first on PATH
cd "$(dirname "$0")/.."
. ./.mvn/jdk25.sh   # JAVA_HOME = a JDK 25+, found like ./mvnw does
JAVA=${JAVA:-$JAVA_HOME/bin/java}
./mvnw -B -q -pl bench -am package -DskipTests
OUT=bench/target/compare
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
for T in ${THREADS:-1 2}; do
  for r in $(seq 1 "$ROUNDS"); do
    echo "# $(date -u +%T) T=$T round $r" >&2
    "$JAVA" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -cp bench/target/benchmarks.jar \
      dev.slt.bench.ConvSideBySide "$T" "$REPS" conv "$SHAPES" 2>/dev/null | grep '^{' >> "$OUT/results.jsonl"
    OMP_NUM_THREADS=$T $PY bench/compare_pytorch.py "$T" "$REPS" default conv "$SHAPES" >> "$OUT/results.jsonl"
    OMP_NUM_THREADS=$T MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000 \
      $PY bench/compare_pytorch.py "$T" "$REPS" no-mmap conv "$SHAPES" >> "$OUT/results.jsonl"
  done
  [ "$SHAPES" = cifar ] || continue
  echo "# $(date -u +%T) T=$T sgemm" >&2
  "$JAVA" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -cp bench/target/benchmarks.jar \
    dev.slt.bench.ConvSideBySide "$T" 3 gemm 2>/dev/null | grep '^{' >> "$OUT/results.jsonl"
  OMP_NUM_THREADS=$T $PY bench/compare_pytorch.py "$T" 3 default gemm >> "$OUT/results.jsonl"
done
$PY - "$OUT/results.jsonl" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
def med(name, t, impl, malloc=None):
    v = [r["ms_med"] for r in rows if r["name"] == name and r["threads"] == t and r["impl"] == impl
         and (malloc is None or r.get("malloc") == malloc)]
    return (statistics.median(v), len(v)) if v else (float("nan"), 0)
names = list(dict.fromkeys(r["name"] for r in rows))
print("| T | measurement (batch 64) | PyTorch ms (default) | PyTorch ms (no-mmap) | SLT ms | PyTorch/SLT (default) | PyTorch/SLT (no-mmap) |")
print("|---|---|---|---|---|---|---|")
for t in sorted({r["threads"] for r in rows}):
    for n in names:
        pd, k1 = med(n, t, "pytorch", "default"); pn, k2 = med(n, t, "pytorch", "no-mmap"); s, k3 = med(n, t, "slt")
        print(f"| {t} | {n} | {pd:.2f} | {pn:.2f} | {s:.2f} | {pd / s:.2f} | {pn / s:.2f} |")
print("(medians over rounds of per-process medians; ratio > 1 means SLT is faster)")
PYEOF
