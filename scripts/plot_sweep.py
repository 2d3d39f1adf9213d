#!/usr/bin/python3
"""Plots a gathered sweep (isvsim sweep gather DIR) to PNG files in DIR/plots/.

  /usr/bin/python3 scripts/plot_sweep.py DIR [--metric final_change_pct]

A grid sweep with two varied parameters gives a heat map of the metric's mean over
replicates (one per arm). A sweep with arms gives a trial's waterfall plot (best change of the
sum of longest diameters per patient, by arm), Kaplan-Meier curves of time to progression
(km.csv) and a swimmer plot (time on study per patient, progression marked). Reads the CSV
files only (no pandas); needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FIXED = {"index", "arm", "point", "patient", "replicate", "seed", "hash", "status"}


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def varied_columns(rows, manifest_header):
    """Parameter columns: those of the manifest after its fixed columns."""
    return [c for c in manifest_header if c not in FIXED]


def heat_map(rows, params, metric, out_dir):
    written = []
    arms = sorted({r["arm"] for r in rows})
    px, py = params[0], params[1]
    xs = sorted({number(r[px]) for r in rows})
    ys = sorted({number(r[py]) for r in rows})
    for arm in arms:
        grid = [[[] for _ in xs] for _ in ys]
        for r in rows:
            if r["arm"] != arm or r["status"] != "done":
                continue
            v = number(r.get(metric))
            if not math.isnan(v):
                grid[ys.index(number(r[py]))][xs.index(number(r[px]))].append(v)
        means = [[sum(c) / len(c) if c else math.nan for c in row] for row in grid]
        fig, ax = plt.subplots(figsize=(6, 4.5))
        im = ax.imshow(means, origin="lower", cmap="RdBu_r", aspect="auto")
        ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
        ax.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
        ax.set_xlabel(px)
        ax.set_ylabel(py)
        for j, row in enumerate(means):
            for i, v in enumerate(row):
                if not math.isnan(v):
                    ax.text(i, j, f"{v:.1f}", ha="center", va="center", fontsize=8)
        fig.colorbar(im, ax=ax, label=f"{metric} (mean over replicates)")
        ax.set_title(f"{arm}: {metric}")
        fig.tight_layout()
        path = os.path.join(out_dir, f"heatmap_{arm}.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)
    return written


def waterfall(rows, out_dir):
    """Best change per patient, one column per arm; rows RECIST (longest diameters, debris
    included) and mRECIST (viable diameters: what an ablation removes)."""
    done = [r for r in rows if r["status"] == "done"]
    arms = sorted({r["arm"] for r in done}, key=[r["arm"] for r in rows].index)
    measures = [("best_change_pct", "RECIST")]
    if any(r.get("best_viable_change_pct") for r in done):
        measures.append(("best_viable_change_pct", "mRECIST"))
    fig, axes = plt.subplots(len(measures), len(arms), figsize=(4 * len(arms), 3.2 * len(measures)),
                             sharey="row", squeeze=False)
    for m, (column, label) in enumerate(measures):
        for ax, arm in zip(axes[m], arms):
            vals = sorted((number(r[column]) for r in done if r["arm"] == arm), reverse=True)
            colours = ["tab:red" if v >= 20 else "tab:blue" if v <= -30 else "tab:grey"
                       for v in vals]
            ax.bar(range(len(vals)), vals, color=colours)
            ax.axhline(20, ls="--", lw=0.8, color="tab:red")
            ax.axhline(-30, ls="--", lw=0.8, color="tab:blue")
            ax.set_title(f"{arm} ({label})")
            ax.set_xlabel("patient (sorted)")
        axes[m][0].set_ylabel("best change of the sum (%)")
    fig.suptitle("Waterfall: +20 % progression, -30 % partial response")
    fig.tight_layout()
    path = os.path.join(out_dir, "waterfall.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


def km_curves(km_rows, out_dir):
    fig, ax = plt.subplots(figsize=(6, 4))
    arms = []
    for r in km_rows:
        if r["arm"] not in arms:
            arms.append(r["arm"])
    for arm in arms:
        t, s = [0.0], [1.0]
        for r in (r for r in km_rows if r["arm"] == arm):
            t += [number(r["time_days"])] * 2
            s += [s[-1], number(r["survival"])]
        ax.plot(t, s, label=arm)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("days")
    ax.set_ylabel("progression-free (Kaplan-Meier)")
    ax.legend()
    fig.tight_layout()
    path = os.path.join(out_dir, "km.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


def swimmer(rows, out_dir):
    done = [r for r in rows if r["status"] == "done"]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(done) + 1.5))
    arms = []
    for r in done:
        if r["arm"] not in arms:
            arms.append(r["arm"])
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for y, r in enumerate(sorted(done, key=lambda r: (arms.index(r["arm"]), int(r["patient"])))):
        c = colours[arms.index(r["arm"]) % len(colours)]
        ax.barh(y, number(r["ttp_days"]), color=c, label=r["arm"])
        if r["progressed"] == "1":
            ax.plot(number(r["ttp_days"]), y, "k>", ms=5)
        if r.get("mrecist_responder") == "1" or r.get("responder") == "1":
            ax.plot(0.25, y, "w*", ms=7, mec="k")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), loc="lower right")
    ax.set_xlabel("days on study (> = progression, * = response, RECIST or mRECIST)")
    ax.set_yticks([])
    fig.tight_layout()
    path = os.path.join(out_dir, "swimmer.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--metric", default="final_change_pct", help="heat-map column")
    a = p.parse_args()
    summary = os.path.join(a.dir, "summary.csv")
    if not os.path.exists(summary):
        sys.exit(f"plot_sweep: {summary} not found: run `isvsim sweep gather {a.dir}` first")
    rows = read_csv(summary)
    with open(os.path.join(a.dir, "manifest.csv"), newline="") as f:
        params = varied_columns(rows, next(csv.reader(f)))
    out_dir = os.path.join(a.dir, "plots")
    os.makedirs(out_dir, exist_ok=True)
    written = []
    if len(params) == 2 and len({r["point"] for r in rows}) > 1:
        written += heat_map(rows, params, a.metric, out_dir)
    if len({r["arm"] for r in rows}) > 1 or len({r["patient"] for r in rows}) > 1:
        written += waterfall(rows, out_dir)
        written += km_curves(read_csv(os.path.join(a.dir, "km.csv")), out_dir)
        written += swimmer(rows, out_dir)
    if not written:
        sys.exit("plot_sweep: nothing to plot (need a 2-parameter grid, or arms / patients)")
    for w in written:
        print(w)


if __name__ == "__main__":
    main()
