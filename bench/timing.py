# The timing loop shared by the PyTorch halves of the side-by-side scripts (compare_pytorch.py,
# compare_training.py), the same as the Java runners' ConvSideBySide.bench: warm-up (>= 3 calls and ~1 s),
# then `reps` repetitions, each the mean over k calls with k chosen so a repetition lasts >= 0.3 s.
import os
import time

# SLT_BENCH_CLOCK=cpu: the process's CPU time instead of the wall clock (as ConvSideBySide.now in Java), so a
# 1-thread run on a shared host counts the cycles it got, not the time it waited for a core.
clock = time.process_time if os.environ.get("SLT_BENCH_CLOCK") == "cpu" else time.perf_counter


def bench(fn, reps):
    """Seconds per call, one entry per repetition."""
    t0 = time.perf_counter(); warm = 0
    while warm < 3 or (time.perf_counter() - t0 < 1.0 and warm < 200):
        fn(); warm += 1
    t = clock(); fn(); dt = clock() - t
    k = max(1, int(0.3 / max(dt, 1e-9)))
    res = []
    for _ in range(reps):
        t = clock()
        for _ in range(k): fn()
        res.append((clock() - t) / k)
    return res
