# PyTorch half of bench/compare-training.sh; the Java half is dev.slt.bench.TrainingThroughput.
# usage: OMP_NUM_THREADS=T /usr/bin/python3 bench/compare_training.py T [REPS] [MODEL...]
# Training and inference throughput of convnet and resnet20 written to match SLT's nn/models exactly
# (SmallNets.convnet, ResNet.cifar(20, 16, option-A shortcut)) on synthetic 28x28x1 images, 10 classes.
# A training step: forward, cross-entropy, zero_grad, backward, SGD (momentum 0.9, weight decay 5e-4), train mode;
# an inference step: eval-mode forward under no_grad. Timing as in compare_pytorch.py: warm-up (>= 3 calls and
# ~1 s), then REPS repetitions each the mean over k steps (bench/timing.py); median reported.
import json, statistics, sys
import torch
import torch.nn as nn
import torch.nn.functional as F
from timing import bench

T = int(sys.argv[1]) if len(sys.argv) > 1 else 1
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
ONLY = sys.argv[3:]
torch.set_num_threads(T)
torch.manual_seed(0)
SIDE, CLASSES = 28, 10
CASES = [("convnet", 128, 128), ("resnet20", 128, 64)]  # model, training batch, inference batch


def convnet(in_ch=1, side=SIDE, classes=CLASSES):
    # two bias-free 5x5 pad-2 convs + BN + ReLU + 2x2 max-pool, linear 64*(side/4)^2 -> 256, ReLU, linear -> classes
    s = side // 4
    return nn.Sequential(
        nn.Conv2d(in_ch, 32, 5, padding=2, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * s * s, 256), nn.ReLU(), nn.Linear(256, classes))


class PadShortcut(nn.Module):
    # option A: x[:, :, ::s, ::s] with (out - in) / 2 zero channels on each side (SLT computes it as a fixed 1x1 conv)
    def __init__(self, cin, cout, stride):
        super().__init__(); self.pad = (cout - cin) // 2; self.stride = stride

    def forward(self, x):
        return F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad, self.pad))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = PadShortcut(cin, cout, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class ResNet20(nn.Module):
    # 3x3 stem 16 + BN + ReLU, three stages of 3 basic blocks (16, 32, 64; stride 2 at stages 2 and 3), GAP, linear
    def __init__(self, in_ch=1, classes=CLASSES, width=16, n=3):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, width, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(width)
        blocks, cin = [], width
        for s, w in enumerate([width, 2 * width, 4 * width]):
            for b in range(n):
                blocks.append(BasicBlock(cin, w, 2 if s > 0 and b == 0 else 1)); cin = w
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        h = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(h, 1), 1))


def emit(m, model, phase, batch, secs):
    med = statistics.median(secs)
    params = sum(p.numel() for p in m.parameters())
    print(json.dumps(dict(model=model, phase=phase, batch=batch, threads=T, impl="pytorch", params=params, n=len(secs),
                          ms_med=med * 1e3, img_s_med=batch / med)), flush=True)


for name, train_batch, infer_batch in CASES:
    if ONLY and name not in ONLY:
        continue
    model = convnet() if name == "convnet" else ResNet20()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.rand(train_batch, 1, SIDE, SIDE) * 2 - 1
    y = torch.randint(0, CLASSES, (train_batch,))
    model.train()

    def train_step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    emit(model, name, "train", train_batch, bench(train_step, REPS))
    xi = torch.rand(infer_batch, 1, SIDE, SIDE) * 2 - 1
    model.eval()

    def infer_step():
        with torch.no_grad():
            model(xi)
    emit(model, name, "infer", infer_batch, bench(infer_step, REPS))
