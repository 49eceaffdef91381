#!/usr/bin/env python3
"""Checks golden SQL files (native/core/tests/sql/*.sql) against SQLite itself.

Usage: python3 scripts/golden-vs-sqlite.py [FILE.sql ...]   (default: every golden file)

Each case of a file runs, in order, on one in-memory sqlite3 database (Python's
sqlite3 module, as the golden test runs every case of a file on one database). For a
case whose expected output is rows (a header line, then rows), the last statement's
rows must equal them, rendered as the golden test renders values (NULL, integers,
reals with 15 significant digits as SQLite prints them, text as is). A case expected
to fail (`error[...]`) must fail in SQLite too. Messages of statements that change
things are ours alone and are not compared. Prints each difference; exit 1 if any. The rows are compared with the tail of the
expected output (a case may print several results before its last).
"""
import glob
import os
import sqlite3
import sys


def parse_cases(text):
    cases, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines):
            break
        sql = []
        while i < len(lines) and lines[i] != "---":
            sql.append(lines[i])
            i += 1
        i += 1
        expected = []
        while i < len(lines) and lines[i].strip():
            expected.append(lines[i])
            i += 1
        cases.append(("\n".join(sql), expected))
    return cases


def statements(sql):
    """The statements of a script, split where sqlite3 says one is complete."""
    out, start = [], 0
    for i, ch in enumerate(sql):
        if ch == ";" and sqlite3.complete_statement(sql[start:i + 1]):
            if sql[start:i].strip():
                out.append(sql[start:i].strip())
            start = i + 1
    if sql[start:].strip():
        out.append(sql[start:].strip())
    return out


def render(v):
    if v is None:
        return "NULL"
    if isinstance(v, float):
        if v != v or v in (float('inf'), float('-inf')):
            return {True: 'Inf', False: '-Inf'}.get(v > 0, 'NULL') if v == v else 'NULL'
        if v == int(v) and abs(v) < 1e15:
            return "%.1f" % v
        r = "%.15g" % v
        return r
    if isinstance(v, bytes):
        return v.hex().upper()
    return str(v)


def same(want, have):
    """Rows equal, a real allowed in SQLite's 15-digit or its newer 17-digit form."""
    if len(want) != len(have):
        return False
    for w, h in zip(want, have):
        for a, b in zip(w.split("|"), h.split("|")):
            if a != b and not close_reals(a, b):
                return False
    return True


def close_reals(a, b):
    try:
        return "%.15g" % float(a) == "%.15g" % float(b)
    except ValueError:
        return False


def check(path):
    db = sqlite3.connect(":memory:", isolation_level=None)
    problems = 0
    for sql, expected in parse_cases(open(path).read()):
        rows, error = None, None
        try:
            for s in statements(sql):
                cur = db.execute(s)
                got = cur.fetchall()
                rows = (cur.description, got) if cur.description else None
        except sqlite3.Error as e:
            error = str(e)
        wants_error = any(l.startswith("error[") for l in expected)
        if wants_error != (error is not None):
            problems += 1
            print(f"{path}: {sql!r}\n  ours: {expected}\n  sqlite: {error or rows}")
            continue
        if error or rows is None or not expected:
            continue
        if sql.lstrip().upper().startswith("EXPLAIN"):
            continue
        have = ["|".join(render(v) for v in r) for r in rows[1]]
        want = expected[len(expected) - len(have):] if have else []
        if not same(want, have) or (not have and not expected[-1].count("|") == len(rows[0]) - 1):
            problems += 1
            print(f"{path}: {sql!r}\n  ours:   {want}\n  sqlite: {have}")
    return problems


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(
        os.path.dirname(__file__), "..", "native", "core", "tests", "sql", "*.sql")))
    bad = sum(check(f) for f in files)
    print(f"{bad} difference(s) in {len(files)} file(s)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
