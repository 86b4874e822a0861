"""PyTorch twins of albench's models, timed exactly like `cargo bench --bench throughput`.

Same shapes (src/learner/{mlp,cnn,resnet}.rs at width 16 on 28x28x1, 10 classes), same batch
sizes, same optimizer (Adam, lr 1e-3), dropout 0.25 applied to the penultimate features, the
training loss read back every step (albench checks it for divergence), and the pool's
probabilities copied to the host (albench's scorers work on host arrays).

Figures: train step = 40 steps of batch 64, images/s; pool inference = 10,000 images in
batches of 256, softmax, images/s. Each is the median of 3 timed repetitions after one
warm-up. The output lines have the same wording as the Rust benchmark so that
benches/compare_pytorch.sh can pair them.

`--only detection`: the twin of the detector (src/learner/detector/net.rs at width 16 on
96x96x3, 5 classes: conv3x3/2 16, conv3x3 32 + pool, conv3x3 64 + pool, conv3x3 64, 1x1 head
to 5 + 4 channels), trained like albench's bench (20 steps of batch 32, Adam lr 1e-3, focal
loss on the maps + L1 on the boxes of positive cells, per image / positives), and pool scoring
of 2,000 images in batches of 64: sigmoid maps to the host, binary entropy per position and
class, max per image, plus peak finding (3x3 max-pool) for the boxes. albench's scoring also
runs NMS on the peaks; the twin does not (a handful of boxes per image).

Usage: python3 benches/pytorch_twin.py [--device cpu|cuda] [--threads N] [--only detection]
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


class Detector(nn.Module):
    def __init__(self, c=3, classes=5, w=WIDTH):
        super().__init__()
        self.conv1 = nn.Conv2d(c, w, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(w, 2 * w, 3, padding=1)
        self.conv3 = nn.Conv2d(2 * w, 4 * w, 3, padding=1)
        self.conv4 = nn.Conv2d(4 * w, 4 * w, 3, padding=1)
        self.head = nn.Conv2d(4 * w, classes + 4, 1)
        self.classes = classes

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.head(F.relu(self.conv4(x)))


def detection_loss(out, heat, boxes, mask, classes=5):
    logits, raw = out[:, :classes], out[:, classes:]
    p = torch.sigmoid(logits)
    bce = F.binary_cross_entropy_with_logits(logits, heat, reduction="none")
    pt = p * heat + (1 - p) * (1 - heat)
    at = 0.25 * heat + 0.75 * (1 - heat)
    focal = at * (1 - pt) ** 2 * bce
    pred = torch.cat([torch.sigmoid(raw[:, :2]), raw[:, 2:]], 1)
    l1 = (pred - boxes).abs() * mask
    pos = mask.flatten(1).sum(1).clamp(min=1)
    return ((focal.flatten(1).sum(1) + l1.flatten(1).sum(1)) / pos).mean()


def detection(device):
    g = torch.Generator().manual_seed(0)
    n, side, cells = 2_000, 96, 12
    data = torch.rand((n, 3, side, side), generator=g)
    heat = (torch.rand((n, 5, cells, cells), generator=g) < 0.005).float()
    mask = heat.amax(1, keepdim=True)
    boxes = torch.rand((n, 4, cells, cells), generator=g) * mask
    steps, batch = 20, 32
    rates = []
    for rep in range(4):
        torch.manual_seed(rep)
        model = Detector().to(device)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        sync(device)
        t = time.perf_counter()
        for s in range(steps):
            sl = slice(s * batch, (s + 1) * batch)
            loss = detection_loss(
                model(data[sl].to(device)), heat[sl].to(device), boxes[sl].to(device), mask[sl].to(device)
            )
            if not torch.isfinite(loss).item():
                raise SystemExit("diverged")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        sync(device)
        if rep > 0:
            rates.append(steps * batch / (time.perf_counter() - t))
    print(f"train step: detector 96x96 batch 32: {statistics.median(rates):.0f} images/s", flush=True)
    torch.manual_seed(1)
    model = Detector().to(device).eval()
    rates = []
    for rep in range(4):
        sync(device)
        t = time.perf_counter()
        scores = []
        with torch.no_grad():
            for lo in range(0, n, 64):
                out = model(data[lo : lo + 64].to(device))
                p = torch.sigmoid(out[:, :5]).cpu()
                q = p.clamp(1e-7, 1 - 1e-7)
                h = -(q * q.log2() + (1 - q) * (1 - q).log2())
                scores.append(h.flatten(1).amax(1))
                peaks = (F.max_pool2d(p, 3, 1, 1) == p) & (p >= 0.05)
                _ = int(peaks.sum())
        if rep > 0:
            rates.append(n / (time.perf_counter() - t))
        assert torch.cat(scores).numel() == n
    print(
        f"pool scoring: detector 96x96, entropy (max), batch 64, 2,000 images: {statistics.median(rates):.0f} images/s",
        flush=True,
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--only", default="", help="detection: only the detector's figures")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    if a.only == "detection":
        print(f"pytorch {torch.__version__} throughput twin ({a.device}, {torch.get_num_threads()} threads)")
        detection(device)
        return
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
