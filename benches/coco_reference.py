#!/usr/bin/env python3
"""Check `albench map` against pycocotools' COCOeval on random inputs, and time it.

Usage (needs `pip install pycocotools numpy`; not part of CI's Rust tests):

    python3 benches/coco_reference.py [--cases 200] [--albench target/release/albench]

Each case writes a random ground truth (crowd regions, explicit areas that differ from w·h,
images without objects, categories without ground truth, annotation id 0) and random
detections (score ties, boxes near and far from the truth, more than 100 per image and
category), runs both evaluators and compares every number to 1e-6. Then it times both on
5,000 images × 100 detections.
"""
import argparse, contextlib, io, json, os, random, subprocess, sys, tempfile, time

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def random_case(rng, n_images, n_cats, max_gt, dets_per_image, size=96.0):
    images = [{"id": i + 1, "file_name": f"{i}.png", "width": size, "height": size} for i in range(n_images)]
    cats = [{"id": c + 1, "name": f"c{c + 1}"} for c in range(n_cats)]
    anns, dets = [], []
    aid = 0 if rng.random() < 0.3 else 1
    for im in images:
        for _ in range(rng.randint(0, max_gt)):
            w, h = rng.uniform(1, size / 2), rng.uniform(1, size / 2)
            x, y = rng.uniform(0, size - w), rng.uniform(0, size - h)
            area = w * h if rng.random() < 0.7 else w * h * rng.uniform(0.3, 1.0)
            c = rng.randint(1, max(1, n_cats - 1))  # the last category has no ground truth
            anns.append({"id": aid, "image_id": im["id"], "category_id": c, "bbox": [x, y, w, h],
                         "area": area, "iscrowd": 1 if rng.random() < 0.05 else 0})
            aid += 1
    for im in images:
        gts = [a for a in anns if a["image_id"] == im["id"]]
        for _ in range(dets_per_image):
            if gts and rng.random() < 0.6:
                g = rng.choice(gts)
                x, y, w, h = g["bbox"]
                j = rng.uniform(0, 0.3)
                box = [x + rng.uniform(-j, j) * w, y + rng.uniform(-j, j) * h,
                       w * rng.uniform(1 - j, 1 + j), h * rng.uniform(1 - j, 1 + j)]
                c = g["category_id"] if rng.random() < 0.85 else rng.randint(1, n_cats)
            else:
                w, h = rng.uniform(1, size / 2), rng.uniform(1, size / 2)
                box = [rng.uniform(0, size - w), rng.uniform(0, size - h), w, h]
                c = rng.randint(1, n_cats)
            score = round(rng.random(), 1) if rng.random() < 0.3 else rng.random()
            dets.append({"image_id": im["id"], "category_id": c, "bbox": box, "score": score})
    return {"images": images, "annotations": anns, "categories": cats}, dets


def reference(gt_path, det_path, sizes):
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path)
        dt = gt.loadRes(det_path)
        ev = COCOeval(gt, dt, "bbox")
        if sizes is not None:
            s, m = sizes
            ev.params.areaRng = [[0, 1e10], [0, s], [s, m], [m, 1e10]]
        ev.evaluate(); ev.accumulate(); ev.summarize()
    st = ev.stats
    nan = lambda v: None if v < 0 else float(v)
    prec = ev.eval["precision"]
    per_class = {}
    for k, cid in enumerate(ev.params.catIds):
        p = prec[:, :, k, 0, 2]
        if (p > -1).any():
            per_class[gt.cats[cid]["name"]] = float(np.mean(p[p > -1]))
    small, medium = (1024.0, 9216.0) if sizes is None else sizes
    counts = [0, 0, 0]
    for a in gt.dataset["annotations"]:
        if not a["iscrowd"]:
            counts[0 if a["area"] <= small else 1 if a["area"] <= medium else 2] += 1
    aps = [nan(st[3]), nan(st[4]), nan(st[5])]
    num = sum(ap * n for ap, n in zip(aps, counts) if ap is not None)
    den = sum(n for ap, n in zip(aps, counts) if ap is not None)
    return {"map": nan(st[0]), "map50": nan(st[1]), "map75": nan(st[2]), "ap_per_class": per_class,
            "ap_small": aps[0], "ap_medium": aps[1], "ap_large": aps[2],
            "wmap": num / den if den > 0 else None}


def ours(binary, gt_path, det_path, sizes_flag):
    out = subprocess.run([binary, "map", gt_path, det_path, "--format", "json", "--sizes", sizes_flag],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def compare(a, b, where):
    if isinstance(a, dict):
        assert set(a) == set(b), f"{where}: keys {sorted(a)} vs {sorted(b)}"
        for k in a:
            compare(a[k], b[k], f"{where}.{k}")
    elif a is None or b is None:
        assert a is None and b is None, f"{where}: {a} vs {b}"
    else:
        assert abs(a - b) <= 1e-6, f"{where}: {a} vs {b}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--albench", default=os.environ.get("ALBENCH_BIN", "target/release/albench"))
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as d:
        gt_path, det_path = os.path.join(d, "gt.json"), os.path.join(d, "dt.json")
        for case in range(args.cases):
            gt, dets = random_case(rng, rng.randint(1, 12), rng.randint(1, 5), rng.randint(0, 8),
                                   rng.choice([3, 10, 40, 130]))
            if not dets:
                continue
            json.dump(gt, open(gt_path, "w")); json.dump(dets, open(det_path, "w"))
            scaled = case % 2 == 1
            sizes = (1024.0 * 96 * 96 / (640 * 480), 9216.0 * 96 * 96 / (640 * 480)) if scaled else None
            compare(reference(gt_path, det_path, sizes), ours(args.albench, gt_path, det_path,
                                                                "96x96" if scaled else "coco"), f"case {case}")
        print(f"{args.cases} random cases: albench map == pycocotools COCOeval to 1e-6")
        gt, dets = random_case(random.Random(1), 5000, 5, 6, 100)
        json.dump(gt, open(gt_path, "w")); json.dump(dets, open(det_path, "w"))
        for rep in range(3):
            t = time.perf_counter(); ours(args.albench, gt_path, det_path, "coco"); a = time.perf_counter() - t
            t = time.perf_counter(); reference(gt_path, det_path, None); r = time.perf_counter() - t
            print(f"5000 images x 100 detections ({len(dets)} dets, {len(gt['annotations'])} gt): "
                  f"albench map {a:.2f} s, pycocotools {r:.2f} s, ratio {r / a:.1f}x")


if __name__ == "__main__":
    main()
