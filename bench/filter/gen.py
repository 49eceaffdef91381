#!/usr/bin/env python3
"""Seeded data for `npm run bench:filter` (see bench/filter/README.md).

    python3 bench/filter/gen.py --out DIR [--n 1000000] [--nq 1000] [--seed 42]

Writes to DIR:
  base.npy     float32 (N, 128): the big128 generator of bench/gen_data.py (clustered, l2)
  query.npy    float32 (nq, 128): held-out queries from the same generator
  items.parquet id, rand, corr (int64; written by pyarrow, as pipelines hand data over):
               id = the row (the index's id), then two metadata columns whose filters
               `< t` pass t/1000 of the rows:
                 rand  uniform in 0..999, independent of the vectors
                 corr  the row's rank along one direction of the space, in 0..999, so a
                       filter keeps whole regions (clusters) and drops others
  rand.npy, corr.npy  the two columns (int32), for the benchmark's own checks
  filters.json the filters: [{name, where, share, rows}] at 50 %, 10 %, 1 %, 0.1 % each
  gt_NAME.npy  int64 (nq, 10): exact filtered top-10 ids of each filter, nearest first
  gt_all.npy   int64 (nq, 10): exact unfiltered top-10
"""
import argparse
import importlib.util
import json
import os
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen_data", os.path.join(HERE, "..", "gen_data.py"))
gen_data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_data)

SHARES = [(0.5, "50"), (0.1, "10"), (0.01, "1"), (0.001, "0.1")]
K = 10


def exact_top(base, ids, queries, k=K, chunk=64):
    """Exact l2 top-k of `queries` among `base` rows, as their `ids`, nearest first."""
    bn = (base.astype(np.float64) ** 2).sum(1).astype(np.float32)
    cand = min(len(base), 4 * k)
    out = np.full((len(queries), k), -1, np.int64)
    for s in range(0, len(queries), chunk):
        q = queries[s:s + chunk]
        score = bn[None, :] - 2 * (q @ base.T)
        part = np.argpartition(score, cand - 1, axis=1)[:, :cand] if cand < len(base) else \
            np.tile(np.arange(len(base)), (len(q), 1))
        for i in range(len(q)):
            c = part[i]
            d = ((base[c].astype(np.float64) - q[i].astype(np.float64)) ** 2).sum(1)
            best = c[np.lexsort((ids[c], d))[:k]]
            out[s + i, :len(best)] = ids[best]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--nq", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    g = gen_data.Clustered(a.seed, 128, 16, False)
    base = g.sample(np.random.default_rng([a.seed, 7]), a.n)
    queries = g.sample(np.random.default_rng([a.seed, 8]), a.nq)
    np.save(os.path.join(a.out, "base.npy"), base)
    np.save(os.path.join(a.out, "query.npy"), queries)
    rng = np.random.default_rng([a.seed, 11])
    rand = rng.integers(0, 1000, a.n)
    direction = rng.standard_normal(128).astype(np.float32)
    order = np.argsort(base @ direction, kind="stable")
    corr = np.empty(a.n, np.int64)
    corr[order] = np.arange(a.n) * 1000 // a.n
    ids = np.arange(a.n, dtype=np.int64)
    table = pa.table({"id": ids, "rand": rand.astype(np.int64), "corr": corr})
    pq.write_table(table, os.path.join(a.out, "items.parquet"), row_group_size=100_000)
    np.save(os.path.join(a.out, "rand.npy"), rand.astype(np.int32))
    np.save(os.path.join(a.out, "corr.npy"), corr.astype(np.int32))
    print(f"  data and items.parquet in {time.time() - t0:.1f} s", flush=True)
    filters = []
    np.save(os.path.join(a.out, "gt_all.npy"), exact_top(base, ids, queries))
    for column, values in (("rand", rand), ("corr", corr)):
        for share, label in SHARES:
            t = time.time()
            limit = int(round(share * 1000))
            where = f"{column} < {limit}"
            keep = np.nonzero(values < limit)[0]
            name = f"{column}{label}"
            np.save(os.path.join(a.out, f"gt_{name}.npy"), exact_top(base[keep], ids[keep], queries))
            filters.append({"name": name, "where": where, "share": share, "rows": int(len(keep)),
                            "kind": "random" if column == "rand" else "correlated"})
            print(f"  {name}: {len(keep)} rows, ground truth in {time.time() - t:.1f} s", flush=True)
    with open(os.path.join(a.out, "filters.json"), "w") as f:
        json.dump({"n": a.n, "nq": a.nq, "seed": a.seed, "filters": filters}, f, indent=1)


if __name__ == "__main__":
    main()
