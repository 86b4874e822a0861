#!/usr/bin/env python3
"""An albench external learner (protocol 1) in plain NumPy: softmax regression.

albench starts this script once per run (model.command in the spec), sends one JSON request
per line on stdin and reads one JSON reply per line on stdout; arrays travel as .npy files.
Everything else (logs, warnings) must go to stderr, which albench saves in the run's log.
See docs/external-learner.md. Copy this file as the start of your own learner: replace
`Model` and keep `main`.

Options (after the script name in model.command): --epochs N (default: the spec's
train.max_epochs, which albench hands over in init's "train" hints), --lr X (0.5),
--weight-decay X (1e-4). The learning rate and weight decay are this script's own: full-batch
gradient descent on standardised inputs wants a far larger step than the mini-batch Adam
albench's train.lr is meant for.
"""
import argparse
import json
import sys

import numpy as np


def load_x(path):
    """Images uint8 [n, c, h, w] -> float32 [n, c*h*w] in [0, 1]; vectors float32 [n, d] as is."""
    x = np.load(path)
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 255.0
    return x.reshape(len(x), -1).astype(np.float32)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class Model:
    """`members` softmax regressions on standardised inputs, trained by full-batch gradient descent."""

    def __init__(self, req, args):
        s = req["splits"]
        self.x = {k: load_x(v["x"]) for k, v in s.items()}
        self.y = {k: np.load(v["y"]) for k, v in s.items()}
        pool = self.x["pool"]
        self.mean = pool.mean(axis=0)
        self.std = pool.std(axis=0) + 1e-6
        self.k = req["num_classes"]
        self.members = req["members"]
        self.seed = req["seed"]
        self.args = args
        # a flag on the command line wins over the spec's [train] hints
        self.epochs = args.epochs if args.epochs is not None else req["train"]["max_epochs"]
        self.d = pool.shape[1]
        self.weights = [self.init(m) for m in range(self.members)]

    def init(self, member):
        rng = np.random.default_rng([self.seed, member])
        return (rng.normal(0, 0.01, (self.d, self.k)).astype(np.float32), np.zeros(self.k, np.float32))

    def features(self, split, idx):
        return (self.x[split][idx] - self.mean) / self.std

    def fit(self, train):
        x, y = self.features("pool", train), self.y["pool"][train]
        onehot = np.eye(self.k, dtype=np.float32)[y]
        losses = []
        for m in range(self.members):
            w, b = self.init(m)  # every round starts from the initial weights
            for _ in range(self.epochs):
                p = softmax(x @ w + b)
                g = (p - onehot) / len(x)
                w -= self.args.lr * (x.T @ g + self.args.weight_decay * w)
                b -= self.args.lr * g.sum(axis=0)
            self.weights[m] = (w, b)
            p = softmax(x @ w + b)
            losses.append(float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean()))
        return {"ok": True, "epochs": self.epochs, "train_loss": losses[0]}

    def probs(self, member, split, idx):
        w, b = self.weights[member]
        return softmax(self.features(split, idx) @ w + b)

    def evaluate(self):
        y = self.y["test"]
        p = self.probs(0, "test", np.arange(len(y)))
        loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
        return {"ok": True, "loss": loss, "accuracy": float((p.argmax(axis=1) == y).mean())}

    def predict(self, req):
        idx = np.asarray(req["indices"], dtype=np.int64)
        t = req["mc_samples"]
        out = np.stack([np.stack([self.probs(m, req["split"], idx)] * t) for m in range(self.members)])
        np.save(req["out"], out.astype(np.float32))  # [members, t, n, k]
        return {"ok": True}

    def embed(self, req):
        idx = np.asarray(req["indices"], dtype=np.int64)
        np.save(req["out"], self.features(req["split"], idx).astype(np.float32))  # [n, d]
        return {"ok": True}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    args = ap.parse_args()
    model = None
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "init":
                if req["protocol"] != 1:
                    raise ValueError(f"protocol {req['protocol']} is not supported (this learner speaks 1)")
                model = Model(req, args)
                reply = {"ok": True, "embedding_dim": model.d}
            elif op == "fit":
                reply = model.fit(np.asarray(req["train"], dtype=np.int64))
            elif op == "evaluate":
                reply = model.evaluate()
            elif op == "predict":
                reply = model.predict(req)
            elif op == "embed":
                reply = model.embed(req)
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
