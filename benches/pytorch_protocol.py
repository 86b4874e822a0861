"""The AL protocol of benches/protocol_twin.toml in plain PyTorch: what a user would write
without albench. Used by benches/compare_experiment.sh to time a whole experiment against
`albench run` on the same machine.

Same as albench: Fashion-MNIST from /usr/share/datasets/fashion-mnist, pool / validation /
test sizes, a random base set, `budget` images per round for `rounds` rounds, the twin of
albench's `cnn` (width 16, dropout on the penultimate features), Adam, batch size, reshuffling
every epoch, early stopping on validation loss (patience, best weights restored), every round
restarting from the repeat's initial weights, the margin scorer (1 - (p1 - p2)) over the
unlabeled pool in batches of 256, top-N. Not the same: the random draws (numpy and torch
generators, not albench's), so accuracies agree in distribution, not bit for bit.

Usage: python3 benches/pytorch_protocol.py SPEC [--scale NAME] [--threads N]
Prints: wall seconds, epochs trained, final test accuracy per repeat.
"""

import argparse
import copy
import gzip
import os
import struct
import sys
import time
import tomllib

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from pytorch_twin import Cnn  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def spec_of(path, scale):
    spec = tomllib.load(open(path, "rb"))
    if scale:
        for key, value in spec["scale"][scale].items():
            parts = key.split(".")
            table = spec
            for p in parts[:-1]:
                table = table.setdefault({"loop": "loop"}.get(p, p), {})
            table[parts[-1]] = value
    return spec


def evaluate(model, x, y, batch=256):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model.classifier(model.features(x[i : i + batch]))
            loss += F.cross_entropy(logits, y[i : i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i : i + batch]).sum().item()
    return loss / len(x), correct / len(x)


def train(model, init, x, y, xv, yv, t, dropout, gen):
    model.load_state_dict(init)
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    es = t["early_stopping"]
    best, best_state, bad, epochs = float("inf"), None, 0, 0
    for epoch in range(t["max_epochs"]):
        model.train()
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), t["batch_size"]):
            b = order[i : i + t["batch_size"]]
            h = F.dropout(model.features(x[b]), dropout, training=True)
            loss = F.cross_entropy(model.classifier(h), y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()  # albench reads every step's loss back (divergence check)
        epochs += 1
        vl, _ = evaluate(model, xv, yv)
        if vl < best:
            best, best_state, bad = vl, copy.deepcopy(model.state_dict()), 0
        else:
            bad += 1
            if bad >= es["patience"]:
                break
    if es.get("restore_best", True) and best_state is not None:
        model.load_state_dict(best_state)
    return epochs


def margin_scores(model, x, batch):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            p = F.softmax(model.classifier(model.features(x[i : i + batch])), 1)
            top2 = p.topk(2, 1).values
            out.append(1.0 - (top2[:, 0] - top2[:, 1]))
    return torch.cat(out).numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--scale")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    s = spec_of(a.spec, a.scale)
    d, t, loop = s["data"], s["train"], s["loop"]
    t0 = time.perf_counter()
    xs = idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    ys = idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64)
    xt = idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    yt = idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    rng = np.random.default_rng(s["seed"])
    order = rng.permutation(len(xs))
    val = order[: d["validation"]]
    pool = order[d["validation"] : d["validation"] + d["pool"]]
    test = rng.permutation(len(xt))[: d["test"]]
    tensor = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    xp, yp = tensor(xs[pool][:, None]), tensor(ys[pool])
    xv, yv = tensor(xs[val][:, None]), tensor(ys[val])
    xte, yte = tensor(xt[test][:, None]), tensor(yt[test])
    dropout = s["model"].get("dropout", 0.25)
    total_epochs, finals = 0, []
    for repeat in range(s["repeats"]):
        torch.manual_seed(s["seed"] * 1000 + repeat)
        gen = torch.Generator().manual_seed(s["seed"] * 1000 + repeat)
        model = Cnn(1, 28, 28)
        init = copy.deepcopy(model.state_dict())
        labeled = list(rng.choice(len(pool), loop["base"], replace=False))
        acc = float("nan")
        for rnd in range(loop["rounds"] + 1):
            if rnd > 0:
                mask = np.ones(len(pool), dtype=bool)
                mask[labeled] = False
                cand = np.nonzero(mask)[0]
                scores = margin_scores(model, xp[cand], 256)
                top = np.argsort(-scores, kind="stable")[: loop["budget"]]
                labeled.extend(cand[top].tolist())
            ids = torch.tensor(labeled)
            total_epochs += train(model, init, xp[ids], yp[ids], xv, yv, t, dropout, gen)
            _, acc = evaluate(model, xte, yte)
        finals.append(acc)
    wall = time.perf_counter() - t0
    print(f"pytorch protocol: {wall:.2f} s wall, {total_epochs} epochs, final test accuracy "
          + ", ".join(f"{v:.4f}" for v in finals))


if __name__ == "__main__":
    main()
