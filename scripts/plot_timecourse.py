#!/usr/bin/env python3
"""Plot the tumour time course of an isvsim run (HDF5) to a PNG.

Usage: /usr/bin/python3 scripts/plot_timecourse.py RUN.h5 [-o OUT.png]
Needs h5py and matplotlib (Debian: python3-h5py python3-matplotlib).
"""
import argparse
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="isvsim output file (.h5 or .h5.part)")
    parser.add_argument("-o", "--output", help="PNG to write (default: RUN with .png)")
    args = parser.parse_args()
    out = args.output or args.run.rsplit(".h5", 1)[0] + ".png"
    try:
        f = h5py.File(args.run, "r")
    except OSError as err:
        print(f"plot_timecourse: cannot open {args.run}: {err}", file=sys.stderr)
        return 1
    with f:
        ts = f["timeseries"]
        t_days = ts["time_h"][:] / 24.0
        # Lesion groups hold tumour series; /timeseries/systemic (patient-level ODE) does not.
        lesions = [k for k in ts.keys()
                   if isinstance(ts[k], h5py.Group) and "tumor_viable" in ts[k]]
        fig, (ax_cells, ax_size) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
        for name in lesions:
            g = ts[name]
            ax_cells.plot(t_days, g["tumor_viable"][:], label=f"{name}: viable")
            ax_cells.plot(t_days, g["tumor_dead"][:], "--", label=f"{name}: dead (debris)")
            ax_size.plot(t_days, g["longest_diameter_mm"][:], label=f"{name}: longest diameter")
            ax_size.plot(t_days, g["viable_diameter_mm"][:], ":", label=f"{name}: viable diameter")
        ax_cells.set_xlabel("time (days)")
        ax_cells.set_ylabel("tumour cells")
        ax_cells.set_yscale("symlog", linthresh=10)
        ax_cells.legend(fontsize=8)
        ax_size.set_xlabel("time (days)")
        ax_size.set_ylabel("diameter (mm)")
        ax_size.legend(fontsize=8)
        seed = f.attrs.get("seed")
        fig.suptitle(f"isvsim {args.run} (seed {seed})", fontsize=10)
        fig.savefig(out, dpi=120)
    print(f"plot: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
