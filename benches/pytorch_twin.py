"""PyTorch twins of albench's models, timed exactly like `cargo bench --bench throughput`.

Same shapes (src/learner/{mlp,cnn,resnet}.rs at width 16 on 28x28x1, 10 classes), same batch
sizes, same optimizer (Adam, lr 1e-3), dropout 0.25 applied to the penultimate features, the
training loss read back every step (albench checks it for divergence), and the pool's
probabilities copied to the host (albench's scorers work on host arrays).

Figures: train step = 40 steps of batch 64, images/s; pool inference = 10,000 images in
batches of 256, softmax, images/s. Each is the median of 3 timed repetitions after one
warm-up. The output lines have the same wording as the Rust benchmark so that
benches/compare_pytorch.sh can pair them.

Usage: python3 benches/pytorch_twin.py [--device cpu|cuda] [--threads N]
"""

import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTH = 16
CLASSES = 10


class Mlp(nn.Module):
    """flatten -> 8w -> ReLU -> 4w -> ReLU -> (dropout) -> classes."""

    def __init__(self, d_in, w=WIDTH):
        super().__init__()
        self.fc1 = nn.Linear(d_in, 8 * w)
        self.fc2 = nn.Linear(8 * w, 4 * w)
        self.classifier = nn.Linear(4 * w, CLASSES)

    def features(self, x):
        return F.relu(self.fc2(F.relu(self.fc1(x.flatten(1)))))


class Cnn(nn.Module):
    """conv3x3(c->w) ReLU pool2 -> conv3x3(w->2w) ReLU pool2 -> fc 8w ReLU -> (dropout) -> classes."""

    def __init__(self, c, h, w_px, w=WIDTH):
        super().__init__()
        self.conv1 = nn.Conv2d(c, w, 3, padding=1)
        self.conv2 = nn.Conv2d(w, 2 * w, 3, padding=1)
        self.fc = nn.Linear(2 * w * (h // 4) * (w_px // 4), 8 * w)
        self.classifier = nn.Linear(8 * w, CLASSES)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc(x.flatten(1)))


class Block(nn.Module):
    """relu(x + conv(relu(conv(x))))."""

    def __init__(self, c):
        super().__init__()
        self.a = nn.Conv2d(c, c, 3, padding=1)
        self.b = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return F.relu(x + self.b(F.relu(self.a(x))))


class ResNet(nn.Module):
    """stem -> block(w) -> conv/2(2w) -> block(2w) -> conv/2(4w) -> block(4w) -> GAP -> classes."""

    def __init__(self, c, w=WIDTH):
        super().__init__()
        self.stem = nn.Conv2d(c, w, 3, padding=1)
        self.block1 = Block(w)
        self.down1 = nn.Conv2d(w, 2 * w, 3, stride=2, padding=1)
        self.block2 = Block(2 * w)
        self.down2 = nn.Conv2d(2 * w, 4 * w, 3, stride=2, padding=1)
        self.block3 = Block(4 * w)
        self.classifier = nn.Linear(4 * w, CLASSES)

    def features(self, x):
        x = self.block1(F.relu(self.stem(x)))
        x = self.block2(F.relu(self.down1(x)))
        x = self.block3(F.relu(self.down2(x)))
        return x.mean(dim=(2, 3))


def make(arch):
    if arch == "mlp":
        return Mlp(28 * 28)
    if arch == "cnn":
        return Cnn(1, 28, 28)
    return ResNet(1)


def forward(model, x, p=0.0):
    f = model.features(x)
    if p > 0.0:
        f = F.dropout(f, p, training=True)
    return model.classifier(f)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def train_rate(arch, data, labels, device, steps=40, batch=64):
    rates = []
    for rep in range(4):
        torch.manual_seed(rep)
        model = make(arch).to(device)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        sync(device)
        t = time.perf_counter()
        for s in range(steps):
            lo = s * batch
            x = data[lo : lo + batch].to(device)
            y = labels[lo : lo + batch].to(device)
            loss = F.cross_entropy(forward(model, x, 0.25), y)
            if not torch.isfinite(loss).item():
                raise SystemExit("diverged")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        sync(device)
        if rep > 0:
            rates.append(steps * batch / (time.perf_counter() - t))
    return statistics.median(rates)


def infer_rate(data, device, batch=256):
    torch.manual_seed(1)
    model = make("cnn").to(device).eval()
    rates = []
    for rep in range(4):
        sync(device)
        t = time.perf_counter()
        sink = 0.0
        with torch.no_grad():
            for lo in range(0, data.shape[0], batch):
                x = data[lo : lo + batch].to(device)
                p = torch.softmax(forward(model, x), dim=1).cpu()
                sink += float(p[0, 0])
        if rep > 0:
            rates.append(data.shape[0] / (time.perf_counter() - t))
        assert sink == sink
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    g = torch.Generator().manual_seed(0)
    data = torch.rand((10_000, 1, 28, 28), generator=g)
    labels = torch.randint(0, CLASSES, (10_000,), generator=g)
    print(
        f"pytorch {torch.__version__} throughput twin ({a.device}, "
        f"{torch.get_num_threads()} threads)"
    )
    for arch in ["cnn", "mlp", "resnet"]:
        r = train_rate(arch, data, labels, device)
        print(f"train step: {arch} 28x28 batch 64: {r:.0f} images/s", flush=True)
    r = infer_rate(data, device)
    print(f"pool inference: cnn, 10,000 images, batch 256: {r:.0f} images/s", flush=True)


if __name__ == "__main__":
    main()
