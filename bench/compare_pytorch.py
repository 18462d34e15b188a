# PyTorch half of the side-by-side (bench/compare-pytorch.sh); the Java half is dev.slt.bench.ConvSideBySide.
# usage: OMP_NUM_THREADS=T /usr/bin/python3 bench/compare_pytorch.py T [REPS] [LABEL] [conv|gemm|all] [cifar|resnet20-28]
# conv2d fwd and fwd+bwd at five layers (batch 64, NCHW fp32, no bias) and square sgemm 1024; one JSON line per
# measurement. Method (same as the Java runner): warm-up (>= 3 calls and ~1 s), then REPS repetitions, each the
# mean over k calls with k chosen so a repetition lasts >= 0.3 s; the median over repetitions is reported.
import json, os, statistics, sys
import torch
import torch.nn.functional as F
from timing import bench

T = int(sys.argv[1]) if len(sys.argv) > 1 else 1
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
LABEL = sys.argv[3] if len(sys.argv) > 3 else "default"
WHAT = sys.argv[4] if len(sys.argv) > 4 else "all"
SET = sys.argv[5] if len(sys.argv) > 5 else "cifar"
if SET not in ("cifar", "resnet20-28"):
    sys.exit(f"unknown shape set '{SET}' (expected cifar or resnet20-28)")
torch.set_num_threads(T)
torch.manual_seed(0)

# name, C_in, C_out, H=W, kernel, padding, needs input gradient (the first layer's input needs none)
SHAPES = [("resnet20 s1 16->16 @32x32 3x3", 16, 16, 32, 3, 1, True),
          ("resnet20 s2 32->32 @16x16 3x3", 32, 32, 16, 3, 1, True),
          ("resnet20 s3 64->64 @8x8 3x3", 64, 64, 8, 3, 1, True),
          ("fmnist c1 1->32 @28x28 5x5", 1, 32, 28, 5, 2, False),
          ("fmnist c2 32->64 @14x14 5x5", 32, 64, 14, 5, 2, True)]
# ResNet-20 on 28x28x1 inputs (the model compare-training.sh runs): name, C_in, C_out, H=W, stride, needs input gradient
RESNET20_28 = [("r20@28 stem 1->16 @28x28", 1, 16, 28, 1, False),
               ("r20@28 16->16 @28x28 (x6)", 16, 16, 28, 1, True),
               ("r20@28 16->32 s2 @28x28", 16, 32, 28, 2, True),
               ("r20@28 32->32 @14x14 (x5)", 32, 32, 14, 1, True),
               ("r20@28 32->64 s2 @14x14", 32, 64, 14, 2, True),
               ("r20@28 64->64 @7x7 (x5)", 64, 64, 7, 1, True)]
N = 64


def emit(name, secs, flops):
    s = sorted(secs); med = statistics.median(s)
    print(json.dumps(dict(name=name, threads=T, impl="pytorch", malloc=LABEL, n=len(s), ms_min=s[0] * 1e3,
                          ms_med=med * 1e3, ms_max=s[-1] * 1e3, gflops_med=flops / med / 1e9)), flush=True)


if SET == "resnet20-28":
    # forward, data gradient and weight gradient apart, as ConvSideBySide's threeWays; 3x3, padding 1
    for name, ci, co, hw, st, need_dx in (RESNET20_28 if WHAT != "gemm" else []):
        x = torch.randn(N, ci, hw, hw); w = torch.randn(co, ci, 3, 3)
        gy = torch.randn_like(F.conv2d(x, w, stride=st, padding=1))
        flops = 2.0 * gy.numel() * ci * 9
        with torch.no_grad():
            emit(f"conv fwd {name}", bench(lambda: F.conv2d(x, w, stride=st, padding=1), REPS), flops)
            grads = lambda mask: torch.ops.aten.convolution_backward(gy, x, w, None, [st, st], [1, 1], [1, 1], False, [0, 0], 1, mask)
            if need_dx:
                emit(f"conv dgrad {name}", bench(lambda: grads([True, False, False]), REPS), flops)
            emit(f"conv wgrad {name}", bench(lambda: grads([False, True, False]), REPS), flops)
    sys.exit(0)

for name, ci, co, hw, ks, pad, need_dx in (SHAPES if WHAT != "gemm" else []):
    x = torch.randn(N, ci, hw, hw); w = torch.randn(co, ci, ks, ks)
    fwd = 2.0 * N * co * hw * hw * ci * ks * ks
    with torch.no_grad():
        emit(f"conv fwd {name}", bench(lambda: F.conv2d(x, w, padding=pad), REPS), fwd)
    xg = x.clone().requires_grad_(need_dx); wg = w.clone().requires_grad_(True); gy = torch.randn(N, co, hw, hw)

    def fb():
        y = F.conv2d(xg, wg, padding=pad); y.backward(gy)
        wg.grad = None; xg.grad = None
    emit(f"conv fwd+bwd {name}", bench(fb, REPS), fwd * (3 if need_dx else 2))

if WHAT == "conv":
    sys.exit(0)
n = 1024
a = torch.randn(n, n); b = torch.randn(n, n); c = torch.empty(n, n)
emit(f"sgemm {n}", bench(lambda: torch.mm(a, b, out=c), min(REPS, 5)), 2.0 * n ** 3)
