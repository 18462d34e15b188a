#!/usr/bin/env bash
# GEMM GFLOP/s and fraction of the in-process FMA peak over sizes and thread counts, as a
# Markdown table (the figures in BENCHMARKS.md). Usage: bench/gemm-sweep.sh [SIZES] [THREADS] [REPEATS]
#   e.g. bench/gemm-sweep.sh "128 256 512 1024 2048" "1 2" 7
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=${1:-128 256 512 1024 2048}
threads=${2:-1 2}
repeats=${3:-7}
"$root/slt" --version >/dev/null  # build once, quietly
echo "| N | threads | GEMM GFLOP/s (median) | min | max | FMA peak GFLOP/s | ratio |"
echo "|---|---|---|---|---|---|---|"
for t in $threads; do
  for n in $sizes; do
    "$root/slt" bench gemm --size "$n" --threads "$t" --repeats "$repeats" --json |
      /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print("| %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f %% |" % (j["size"], j["threads"], j["gflops"], j["gflops_min"], j["gflops_max"], j["peak_gflops"], 100*j["ratio"]))'
  done
done
