#!/usr/bin/env python3
"""Seeded data sets and exact ground truth for `npm run bench` (adapted from ../shared/bench/peers/gen_data.py).

    python3 bench/gen_data.py --out bench/data/full [--seed 42] [--only clust768,clust128,big128,tiny128]
        [--n-clust768 50000] [--n-clust128 100000] [--n-big128 1000000] [--nq 1000] [--k 100] [--tput-x 10]

Per data set NAME (all .npy, C order, little endian):
  NAME_base.npy     float32 (N, D)
  NAME_query.npy    float32 (nq, D)      held out: same generator, independent random stream
  NAME_query10x.npy float32 (nq*x, D)    the queries tiled x times (throughput runs)
  NAME_query1.npy   float32 (1, D)       the first query (open-and-answer-one runs)
  NAME_gt.npy       int32   (nq, k)      exact top-k ids, nearest first, for the data set's metric
Sets:
  clust768  50K x 768, clustered, unit norm, metric ip (the same vectors as the peer anchor run)
  clust128  100K x 128, clustered, not normalised, metric l2
  big128    1M x 128, the clust128 generator (same centres), metric l2
  tiny128   the first 1,000 rows of big128 with big128's queries (1K index for the open-time comparison)
Clustered generator: x = c_j + s_j * B z / sqrt(rank) + 0.15 e / sqrt(D), c_j unit centres (1000),
B an orthonormal D x rank basis shared by all clusters, p_j ~ 1/(j+10), s_j ~ U(0.35, 0.85);
clust768 normalises x (rank 64), the 128-D sets do not (rank 16).
Ground truth: float32 matmul for 4k candidates, re-ranked exactly in float64.
"""
import argparse
import hashlib
import json
import os
import time

import numpy as np

METRIC = {"clust768": "ip", "clust128": "l2", "big128": "l2", "tiny128": "l2"}


def normalize(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return (x / n).astype(np.float32)


class Clustered:
    def __init__(self, seed, d, rank, norm, n_centers=1000):
        rng = np.random.default_rng([seed, 7681 if d == 768 else 1281])
        self.d, self.rank, self.norm = d, rank, norm
        self.centers = normalize(rng.standard_normal((n_centers, d)))
        q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        self.basis = q[:, :rank].astype(np.float32)
        self.spread = rng.uniform(0.35, 0.85, n_centers).astype(np.float32)
        w = 1.0 / (np.arange(n_centers) + 10.0)
        self.p = w / w.sum()

    def sample(self, rng, n, chunk=10000):
        out = np.empty((n, self.d), np.float32)
        for s in range(0, n, chunk):
            m = min(chunk, n - s)
            j = rng.choice(len(self.centers), size=m, p=self.p)
            z = rng.standard_normal((m, self.rank), dtype=np.float32)
            e = rng.standard_normal((m, self.d), dtype=np.float32)
            x = (self.centers[j] + (self.spread[j, None] / np.sqrt(self.rank)) * (z @ self.basis.T)
                 + (0.15 / np.sqrt(self.d)) * e)
            out[s:s + m] = normalize(x) if self.norm else x
        return out


def exact_topk(base, queries, k, metric, chunk=128):
    """Exact top-k ids (nearest first): float32 scores pick 4k candidates, float64 re-ranks them."""
    cand = min(len(base), 4 * k)
    bn = (base.astype(np.float64) ** 2).sum(1) if metric == "l2" else None
    out = np.empty((len(queries), k), np.int32)
    for s in range(0, len(queries), chunk):
        q = queries[s:s + chunk]
        score = -(q @ base.T)  # ascending = nearer
        if metric == "l2":
            score = score * 2 + bn[None, :].astype(np.float32)
        part = np.argpartition(score, cand - 1, axis=1)[:, :cand]
        for i in range(len(q)):
            c = part[i]
            v = base[c].astype(np.float64)
            q64 = q[i].astype(np.float64)
            d = ((v - q64) ** 2).sum(1) if metric == "l2" else -(v @ q64)
            out[s + i] = c[np.lexsort((c, d))[:k]]
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blk in iter(lambda: f.read(1 << 20), b""):
            h.update(blk)
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--only", default="clust768,clust128,big128,tiny128")
    ap.add_argument("--n-clust768", type=int, default=50000)
    ap.add_argument("--n-clust128", type=int, default=100000)
    ap.add_argument("--n-big128", type=int, default=1000000)
    ap.add_argument("--nq", type=int, default=1000)
    ap.add_argument("--k", type=int, default=100)
    ap.add_argument("--tput-x", type=int, default=10)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    mp = os.path.join(a.out, "manifest.json")
    man = json.load(open(mp)) if os.path.exists(mp) else {}
    sets = man.setdefault("sets", {})
    g768 = g128 = big = bigq = None

    def save(name, arr):
        p = os.path.join(a.out, name)
        np.save(p, np.ascontiguousarray(arr))
        return {"shape": list(arr.shape), "sha256": sha256(p)}

    def write_set(name, base, qry, params):
        t = time.time()
        files = {"base": save(f"{name}_base.npy", base), "query": save(f"{name}_query.npy", qry)}
        save(f"{name}_query10x.npy", np.tile(qry, (a.tput_x, 1)))
        save(f"{name}_query1.npy", qry[:1])
        files["gt"] = save(f"{name}_gt.npy", exact_topk(base, qry, min(a.k, len(base)), METRIC[name]))
        sets[name] = {"metric": METRIC[name], "n": len(base), "d": base.shape[1], "nq": len(qry),
                      "seed": a.seed, "params": params, "files": files}
        print(f"  {name}: {base.shape} written, ground truth in {time.time() - t:.1f} s", flush=True)

    for name in a.only.split(","):
        t = time.time()
        if name == "clust768":
            g768 = g768 or Clustered(a.seed, 768, 64, True)
            write_set(name, g768.sample(np.random.default_rng([a.seed, 3]), a.n_clust768),
                      g768.sample(np.random.default_rng([a.seed, 4]), a.nq), {"rank": 64, "norm": True})
        elif name == "clust128":
            g128 = g128 or Clustered(a.seed, 128, 16, False)
            write_set(name, g128.sample(np.random.default_rng([a.seed, 5]), a.n_clust128),
                      g128.sample(np.random.default_rng([a.seed, 6]), a.nq), {"rank": 16, "norm": False})
        elif name in ("big128", "tiny128"):
            if big is None:
                g128 = g128 or Clustered(a.seed, 128, 16, False)
                big = g128.sample(np.random.default_rng([a.seed, 7]), a.n_big128)
                bigq = g128.sample(np.random.default_rng([a.seed, 8]), a.nq)
            if name == "big128":
                write_set(name, big, bigq, {"rank": 16, "norm": False})
            else:
                write_set(name, big[:1000], bigq, {"rows": "big128[:1000]"})
        else:
            raise SystemExit(f"unknown data set {name}")
        print(f"{name} done in {time.time() - t:.1f} s", flush=True)
    json.dump(man, open(mp, "w"), indent=1)


if __name__ == "__main__":
    main()
