"""Log-log plot of max error against voxel spacing from isv_validate_diffusion --csv output.

Usage: plot_convergence.py CSV PNG   (needs matplotlib; the runner skips the plot without it)
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(csv_path, png_path):
    cases = defaultdict(list)
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            cases[row["case"]].append((float(row["h_um"]), float(row["max_error"])))
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for name, points in cases.items():
        points.sort()
        h, e = zip(*points)
        ax.loglog(h, e, "o-", label=name)
    # Slope-2 guide through the finest point of the first case.
    h, e = zip(*sorted(next(iter(cases.values()))))
    guide = [e[0] * (x / h[0]) ** 2 for x in h]
    ax.loglog(h, [g / 2 for g in guide], "k--", lw=1, label="slope 2")
    ax.set_xlabel("voxel spacing h (um)")
    ax.set_ylabel("max |u - u_exact|")
    ax.set_title("DiffusionSolver convergence")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png_path, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
