#!/usr/bin/env python3
"""Straightforward NumPy versions of the selection methods that `cargo bench --bench methods`
times, on inputs of the same shapes and distributions (N candidates, 64-dimensional
embeddings around 10 centres, 10 classes, 10 members, 1,000 labeled), for the ratio in
docs/performance.md ("selection methods").

Each method is what a researcher would write with NumPy arrays and BLAS, following the
paper's formula (the same choices as albench's doc comments: BADGE materialises the
gradient embedding `(p - e_yhat) x h`; BatchBALD keeps the products of the batch's
configurations, exact while `classes^b <= joint_samples`, then `joint_samples` sampled ones;
TypiClust and ProbCover work row block by row block, never N x N).

Usage: python3 benches/methods_numpy.py POOL BATCH METHOD[,METHOD...]
(`ALBENCH_BENCH_JOINT_CANDIDATES=C`: BatchBALD among the top-C by BALD, as the Rust bench.)
Prints one line per method: `<method> pool <N>, batch <b>: <seconds> s` (the Rust bench's
format). BLAS threads: the environment's (OMP_NUM_THREADS).
"""

import heapq
import os
import sys
import time

import numpy as np

DIM, CLASSES, MEMBERS, LABELED = 64, 10, 10, 1000
JOINT_SAMPLES, NEIGHBOURS, TARGETS, MAX_CLUSTERS = 1000, 20, 100, 500
BLOCK = 2048


def synthetic(n, rng):
    centres = rng.normal(size=(CLASSES, DIM)).astype(np.float32) * 4
    c = rng.integers(0, CLASSES, n)
    feats = centres[c] + rng.normal(size=(n, DIM)).astype(np.float32)
    logits = rng.normal(size=(n, MEMBERS, CLASSES)) * 1.5
    logits[np.arange(n), :, c] += 2.0
    p = np.exp(logits)
    p /= p.sum(-1, keepdims=True)
    # [N, classes, members], the Rust layout.
    return feats.astype(np.float32), np.ascontiguousarray(p.transpose(0, 2, 1)).astype(np.float32)


def sqdist_min(x, c, out=None):
    """min_j ||x_i - c_j||^2 over the rows of c, block by block."""
    xn = (x * x).sum(1)
    cn = (c * c).sum(1)
    out = np.full(len(x), np.inf, np.float32) if out is None else out
    for s in range(0, len(c), BLOCK):
        d = xn[:, None] + cn[None, s:s + BLOCK] - 2 * x @ c[s:s + BLOCK].T
        np.minimum(out, d.min(1), out=out)
    return out


def d2_sampling(x, n, rng, mind, first=None):
    picks = []
    if first is not None:
        picks.append(first)
        mind = np.minimum(mind, ((x - x[first]) ** 2).sum(1))
    while len(picks) < n:
        w = np.maximum(mind, 0).astype(np.float64)
        i = rng.choice(len(x), p=w / w.sum()) if w.sum() > 0 else rng.integers(len(x))
        picks.append(i)
        mind = np.minimum(mind, ((x - x[i]) ** 2).sum(1))
    return picks


def kmeans_pp(x, lab, probs, n, rng):
    return d2_sampling(x, n, rng, sqdist_min(x, lab))


def core_set(x, lab, probs, n, rng):
    mind = sqdist_min(x, lab)
    picks = []
    for _ in range(n):
        i = int(mind.argmax())
        picks.append(i)
        mind = np.minimum(mind, ((x - x[i]) ** 2).sum(1))
    return picks


def badge(x, lab, probs, n, rng):
    p = probs[:, :, 0]
    a = p.copy()
    a[np.arange(len(p)), p.argmax(1)] -= 1
    g = (a[:, :, None] * x[:, None, :]).reshape(len(x), -1)  # [N, K*D]
    norms = (g * g).sum(1)
    return d2_sampling(g, n, rng, np.full(len(g), np.inf, np.float32), int(norms.argmax()))


def entropy(q, axis):
    return -(q * np.log(np.where(q > 0, q, 1))).sum(axis)


def batch_bald(x, lab, probs, n, rng):
    keep = int(os.environ.get("ALBENCH_BENCH_JOINT_CANDIDATES", "0"))
    if 0 < keep < len(probs):
        # query.joint_candidates: the greedy among the max(keep, n) of highest BALD score.
        pt = probs.transpose(0, 2, 1)
        bald = entropy(pt.mean(1), 1) - entropy(pt, 2).mean(1)
        top = np.sort(np.argsort(-bald, kind="stable")[:max(keep, n)])
        return [int(top[i]) for i in batch_bald_all(probs[top], n, rng)]
    return batch_bald_all(probs, n, rng)


def batch_bald_all(probs, n, rng):
    """The lazy greedy (as albench): each candidate's latest marginal gain
    H(y_batch, y) - H(y_batch) - E H(y | theta) bounds its later gains (submodularity); a step
    re-evaluates stale bounds from the top of a heap, 64 at a time, until the top is fresh.
    ALBENCH_BENCH_GREEDY=full evaluates every candidate at every step instead."""
    N, K, S = probs.shape
    full = os.environ.get("ALBENCH_BENCH_GREEDY") == "full"
    pt = np.ascontiguousarray(probs.transpose(0, 2, 1))  # [N, S, K]
    cond = entropy(pt, 2).mean(1)
    prod = np.ones((1, S), np.float32)  # [configurations, S]
    weight = np.ones(1)
    h_batch = 0.0

    def gains(idx):
        out = np.empty(len(idx))
        for s in range(0, len(idx), 256):
            sub = idx[s:s + 256]
            q = np.matmul(prod, pt[sub]) / S  # [b, M, K]
            out[s:s + 256] = (entropy(q, 2) * weight).sum(1) - cond[sub]
        return out - h_batch

    g = gains(np.arange(N))
    heap = [(-g[i], i, 0) for i in range(N)]
    heapq.heapify(heap)
    batch, chosen = [], np.zeros(N, bool)
    while len(batch) < n:
        step = len(batch)
        if full and step > 0:
            g = gains(np.arange(N))
            g[chosen] = -np.inf
            i = int(g.argmax())
        else:
            while True:
                stale = []
                while heap and heap[0][2] < step and len(stale) < 64:
                    stale.append(heapq.heappop(heap)[1])
                if not stale:
                    break
                for j, v in zip(stale, gains(np.array(stale))):
                    heapq.heappush(heap, (-v, j, step))
            i = heapq.heappop(heap)[1]
        batch.append(i)
        chosen[i] = True
        if len(prod) * K <= JOINT_SAMPLES:
            prod = (prod[:, None, :] * pt[i].T[None, :, :]).reshape(-1, S)
            weight = np.ones(len(prod))
            p = prod.mean(1)
            h_batch = float(-(p * np.log(np.where(p > 0, p, 1))).sum())
        else:
            e = rng.integers(0, S, JOINT_SAMPLES)
            prod = np.ones((JOINT_SAMPLES, S))
            for j in batch:
                cum = pt[j][e].cumsum(1)
                y = (rng.random(JOINT_SAMPLES)[:, None] > cum).sum(1).clip(0, K - 1)
                prod *= pt[j][:, y].T
            p = prod.mean(1)
            weight = 1 / (JOINT_SAMPLES * p)
            h_batch = float(-np.log(p).mean())
            prod = prod.astype(np.float32)
    return batch


def kmeans(x, k, rng, iters=20):
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        xn, cn = (x * x).sum(1), (c * c).sum(1)
        assign = np.empty(len(x), int)
        for s in range(0, len(x), BLOCK):
            assign[s:s + BLOCK] = (cn[None] - 2 * x[s:s + BLOCK] @ c.T).argmin(1)
        cnt = np.bincount(assign, minlength=k)
        sums = np.zeros_like(c)
        np.add.at(sums, assign, x)
        c = np.where(cnt[:, None] > 0, sums / np.maximum(cnt, 1)[:, None], c).astype(np.float32)
    return assign, c


def typiclust(x, lab, probs, n, rng):
    k = min(LABELED + n, MAX_CLUSTERS)
    assign, c = kmeans(x, k, rng)
    lab_assign = (((lab[:, None, :] - c[None]) ** 2).sum(2)).argmin(1)
    counts = np.bincount(lab_assign, minlength=k)
    sizes = np.bincount(assign, minlength=k)
    typ, picked, out = {}, set(), []
    while len(out) < n:
        ok = [j for j in range(k) if sizes[j] > 5] or list(range(k))
        j = min(ok, key=lambda j: (counts[j], -sizes[j], j))
        if j not in typ:
            idx = np.flatnonzero(assign == j)
            xs = x[idx]
            d = np.sqrt(np.maximum(((xs[:, None] - xs[None]) ** 2).sum(2), 0))
            kk = min(NEIGHBOURS, len(idx) - 1)
            knn = np.sort(d, 1)[:, 1:kk + 1].mean(1) if kk > 0 else np.ones(len(idx))
            typ[j] = (idx, 1 / np.maximum(knn, 1e-12))
        idx, t = typ[j]
        order = [i for i in idx[np.argsort(-t, kind="stable")] if i not in picked]
        if order:
            out.append(order[0])
            picked.add(order[0])
        counts[j] += 1
        if not order:
            sizes[j] = 0
    return out


def probcover(x, lab, probs, n, rng):
    N = len(x)
    labels, _ = kmeans(x, CLASSES, rng)
    xn = (x * x).sum(1)
    r = np.empty(N, np.float32)
    for s in range(0, N, BLOCK):
        d = xn[s:s + BLOCK, None] + xn[None] - 2 * x[s:s + BLOCK] @ x.T
        d[labels[s:s + BLOCK, None] == labels[None]] = np.inf
        r[s:s + BLOCK] = d.min(1)
    delta = np.quantile(r, 0.05)
    balls = []
    for s in range(0, N, BLOCK):
        d = xn[s:s + BLOCK, None] + xn[None] - 2 * x[s:s + BLOCK] @ x.T
        balls.extend(np.flatnonzero(row < delta) for row in d)
    covered = sqdist_min(x, lab) < delta
    out, chosen = [], np.zeros(N, bool)
    degree = np.array([(~covered[b]).sum() for b in balls])
    while len(out) < n:
        deg = np.where(chosen, -1, degree)
        i = int(deg.argmax())
        if deg[i] <= 0:
            i = int(rng.choice(np.flatnonzero(~chosen)))
        out.append(i)
        chosen[i] = True
        for j in balls[i]:
            if not covered[j]:
                covered[j] = True
                degree[balls[j]] -= 1
    return out


def epig(x, lab, probs, n, rng):
    N, K, S = probs.shape
    t = probs[np.sort(rng.choice(N, TARGETS, replace=False))]  # [T, K, S]
    pm, tm = probs.mean(2), t.mean(2)
    score = np.empty(N)
    for s in range(0, N, 256):
        b = len(probs[s:s + 256])
        flat = probs[s:s + 256].reshape(b * K, S) @ t.transpose(2, 0, 1).reshape(S, -1)
        joint = flat.reshape(b, K, len(t), K).transpose(0, 2, 1, 3) / S  # [b, T, K, K]
        indep = pm[s:s + 256, None, :, None] * tm[None, :, None, :]
        ratio = np.where(joint > 0, joint / indep, 1)
        score[s:s + 256] = (joint * np.log(ratio)).sum((2, 3)).mean(1)
    return list(np.argsort(-score, kind="stable")[:n])


METHODS = dict(badge=badge, batch_bald=batch_bald, typiclust=typiclust, probcover=probcover,
               epig=epig, kmeans_pp=kmeans_pp, core_set=core_set)


def main():
    pool, batch, methods = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
    rng = np.random.default_rng(5)
    lab, _ = synthetic(LABELED, rng)
    x, probs = synthetic(pool, rng)
    for m in methods:
        t = time.perf_counter()
        got = METHODS[m](x, lab, probs, batch, np.random.default_rng(3))
        assert len(set(int(i) for i in got)) == min(batch, pool), m
        print(f"{m:<11} pool {pool:>7}, batch {batch:>5}: {time.perf_counter() - t:>9.2f} s", flush=True)


if __name__ == "__main__":
    main()
