"""Draws the tumour-immune regime map written by isv_validate_regimes --csv.

Usage: /usr/bin/python3 validation/plot_regimes.py REGIMES.csv OUT.png
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"elimination": "#1b9e77", "equilibrium": "#d95f02", "escape": "#7570b3"}


def main(path, out):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    xs = sorted({float(r["expansion_per_day"]) for r in rows})
    ys = sorted({float(r["precursors"]) for r in rows})
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for r in rows:
        i = xs.index(float(r["expansion_per_day"]))
        j = ys.index(float(r["precursors"]))
        ax.add_patch(plt.Rectangle((i - 0.5, j - 0.5), 1, 1, color=COLOURS[r["regime"]]))
        label = r["regime"][:4] + ("*" if r["relapse"] == "1" else "")
        ax.text(i, j, label, ha="center", va="center", fontsize=8, color="white")
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.set_ylim(-0.5, len(ys) - 0.5)
    ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
    ax.set_yticks(range(len(ys)), [f"{y:.2g}" for y in ys])
    ax.set_xlabel("in-tumour effector expansion rate (1/day)")
    ax.set_ylabel("tumour-specific T-cell precursors")
    ax.set_title("Untreated 6 mm lesion, 2 years (Kuznetsov 1994 regimes)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS.values()]
    ax.legend(handles, COLOURS.keys(), loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(out, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
