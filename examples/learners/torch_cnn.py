#!/usr/bin/env python3
"""An albench external learner (protocol 1) in PyTorch: a small CNN like albench's `cnn`
(conv3x3(w) pool conv3x3(2w) pool fc(8w) dropout fc), on CUDA when present.

albench starts this script once per run (model.command in the spec), sends one JSON request
per line on stdin and reads one JSON reply per line on stdout; arrays travel as .npy files.
Logs go to stderr (saved in the run's log), never to stdout. See docs/external-learner.md.
To bring your own model, replace `Net` (keep `features` returning the penultimate layer)
and, if you like, `train_member`.

Options (after the script name in model.command): --epochs N, --lr X, --batch-size B
(default: the spec's train.max_epochs, train.lr, train.batch_size, which albench hands over
in init's "train" hints), --width W (16), --dropout P (0.25), --device cpu|cuda (default:
cuda when available). A flag on the command line wins over the spec.
"""
import argparse
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, channels, side, classes, width, dropout):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, width, 3, padding=1)
        self.conv2 = nn.Conv2d(width, 2 * width, 3, padding=1)
        flat = 2 * width * (side // 4) * (side // 4)
        self.fc = nn.Linear(flat, 8 * width)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(8 * width, classes)
        self.dim = 8 * width

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc(x.flatten(1)))

    def forward(self, x):
        return self.head(self.drop(self.features(x)))


def load_x(path):
    x = np.load(path)
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 255.0
    if x.ndim == 2:  # vectors [n, d]: a 1x1 "image" cannot be pooled; use an MLP instead
        raise ValueError(f"{path}: this CNN needs images [n, c, h, w], got vectors {x.shape}")
    return torch.from_numpy(x)


class Learner:
    def __init__(self, req, args):
        hints = req["train"]  # the spec's [train] settings
        for flag, key in (("epochs", "max_epochs"), ("lr", "lr"), ("batch_size", "batch_size")):
            if getattr(args, flag) is None:
                setattr(args, flag, hints[key])
        self.args = args
        self.device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
        print(f"torch_cnn: device {self.device}", file=sys.stderr)
        s = req["splits"]
        self.x = {k: load_x(v["x"]) for k, v in s.items()}
        self.y = {k: torch.from_numpy(np.load(v["y"])) for k, v in s.items()}
        n, c, h, w = self.x["pool"].shape
        self.shape = (c, min(h, w))
        self.k, self.members, self.seed = req["num_classes"], req["members"], req["seed"]
        self.nets = [self.new_net(m) for m in range(self.members)]

    def new_net(self, member):
        torch.manual_seed(self.seed * 1000 + member)
        a = self.args
        return Net(self.shape[0], self.shape[1], self.k, a.width, a.dropout).to(self.device)

    def train_member(self, member, idx, round_):
        net = self.new_net(member)  # every round starts from the initial weights
        opt = torch.optim.Adam(net.parameters(), lr=self.args.lr)
        g = torch.Generator().manual_seed(self.seed * 1000 + member * 100 + round_)
        x, y = self.x["pool"][idx], self.y["pool"][idx]
        loss_sum = 0.0
        for _ in range(self.args.epochs):
            net.train()
            loss_sum, seen = 0.0, 0
            for b in torch.randperm(len(idx), generator=g).split(self.args.batch_size):
                xb, yb = x[b].to(self.device), y[b].to(self.device)
                loss = F.cross_entropy(net(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                loss_sum, seen = loss_sum + loss.item() * len(b), seen + len(b)
            loss_sum /= max(seen, 1)
        self.nets[member] = net
        return loss_sum

    def fit(self, req):
        idx = torch.as_tensor(req["train"], dtype=torch.long)
        losses = [self.train_member(m, idx, req["round"]) for m in range(self.members)]
        return {"ok": True, "epochs": self.args.epochs, "train_loss": losses[0]}

    @torch.no_grad()
    def batches(self, split, idx, fn):
        out = []
        for b in torch.as_tensor(idx, dtype=torch.long).split(256):
            out.append(fn(self.x[split][b].to(self.device)).cpu())
        return torch.cat(out) if out else torch.zeros(0)

    def evaluate(self):
        net = self.nets[0].eval()
        y = self.y["test"]
        logits = self.batches("test", range(len(y)), net)
        loss = F.cross_entropy(logits, y).item()
        return {"ok": True, "loss": loss, "accuracy": (logits.argmax(1) == y).float().mean().item()}

    def predict(self, req):
        t, out = req["mc_samples"], []
        for net in self.nets:
            # one pass: dropout off; MC-dropout passes: dropout on
            net.train(t > 1)
            passes = [self.batches(req["split"], req["indices"], lambda x: F.softmax(net(x), 1)) for _ in range(t)]
            out.append(torch.stack(passes))
        probs = torch.stack(out).reshape(len(self.nets), t, len(req["indices"]), self.k)
        np.save(req["out"], probs.numpy().astype(np.float32))  # [members, t, n, k]
        return {"ok": True}

    def embed(self, req):
        net = self.nets[0].eval()
        f = self.batches(req["split"], req["indices"], net.features)
        np.save(req["out"], f.reshape(len(req["indices"]), net.dim).numpy().astype(np.float32))
        return {"ok": True}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--dropout", type=float, default=0.25)
    ap.add_argument("--device", default=None)
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True, warn_only=True)
    learner = None
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "init":
                if req["protocol"] != 1:
                    raise ValueError(f"protocol {req['protocol']} is not supported (this learner speaks 1)")
                learner = Learner(req, args)
                reply = {"ok": True, "embedding_dim": learner.nets[0].dim}
            elif op == "fit":
                reply = learner.fit(req)
            elif op == "evaluate":
                reply = learner.evaluate()
            elif op == "predict":
                reply = learner.predict(req)
            elif op == "embed":
                reply = learner.embed(req)
            elif op == "shutdown":
                reply = {"ok": True}
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as e:  # the error goes back to albench, which fails the run
            import traceback

            traceback.print_exc(file=sys.stderr)
            reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(reply), flush=True)
        if op == "shutdown":
            break


if __name__ == "__main__":
    main()
