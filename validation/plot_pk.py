"""Concentration-time profiles of the labelled antibody regimens (isv_validate_pk --profiles),
with the published steady-state figures the PK cases compare against as markers.

Usage: plot_pk.py CSV PNG   (needs matplotlib; the runner skips the plot without it)
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# (regimen, day, ug/mL, what): the absolute figures of validation/README.md.
TARGETS = [
    ("atezolizumab 1200 mg Q3W", 168.0, 179.0, "Ctrough,ss"),
    ("ipilimumab 3 mg/kg Q3W x4", 63.0, 19.4, "Cmin,ss"),
    ("bevacizumab 5 mg/kg Q2W", 84.0, 80.3, "trough day 84"),
    ("pembrolizumab 200 mg Q3W", 168.0, 44.5, "Cavg,ss"),
]


def main(csv_path, png_path):
    series = defaultdict(lambda: ([], []))
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            days, conc = series[row["regimen"]]
            days.append(float(row["day"]))
            conc.append(float(row["concentration_ug_per_mL"]))
    fig, ax = plt.subplots(figsize=(8, 5))
    colours = {}
    for name, (days, conc) in series.items():
        (line,) = ax.semilogy(days, conc, lw=1, label=name)
        colours[name] = line.get_color()
    for name, day, value, what in TARGETS:
        ax.plot(day, value, "o", ms=8, mfc="none", color=colours.get(name, "k"))
        ax.annotate(what, (day, value), textcoords="offset points", xytext=(5, 5), fontsize=7)
    ax.set_xlabel("day")
    ax.set_ylabel("central concentration (ug/mL)")
    ax.set_title("Library antibodies at labelled regimens (typical patient); o = published figure")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(png_path, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
