"""Summary table of an isv_bench JSON result: benchmark, threads, items/s, speed-up 2 vs 1.

Usage: summarize.py RESULT.json   (standard library only)
"""
import json
import re
import sys

# Targets from the performance issue: items/s at 2 threads, and the 1 -> 2 thread speed-up.
TARGETS = {
    "BM_LesionStep": 5e7,
    "BM_LesionAgents": 5e7,
    "BM_OxygenSweep": 3e8,
    "BM_OxygenRelax": 3e8,
}
SPEEDUP_TARGET = 1.7


def main(path):
    with open(path) as f:
        result = json.load(f)
    rates = {}  # (family, threads) -> items/s; a median aggregate wins over single runs
    for b in result["benchmarks"]:
        m = re.match(r"(BM_\w+)/threads:(\d+)", b.get("run_name", b["name"]))
        if not m or "items_per_second" not in b:
            continue
        key = (m.group(1), int(m.group(2)))
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                rates[key] = (b["items_per_second"], True, b)
        elif key not in rates or not rates[key][1]:
            rates[key] = (b["items_per_second"], False, b)
    ctx = result.get("context", {})
    print(f"\nhost {ctx.get('host_name', '?')}, {ctx.get('num_cpus', '?')} CPUs, "
          f"load average {ctx.get('load_avg', '?')} (timings on a shared machine are noisy)")
    print("cores used = process CPU time / wall time; items/CPU-s falling with threads means"
          " parallel overhead,\nflat items/CPU-s with cores used < threads means the machine"
          " was busy (speed-up then understated).")
    print(f"{'benchmark':<18} {'threads':>7} {'items/s':>12} {'speed-up':>9} {'cores used':>10} "
          f"{'items/CPU-s':>12} {'target items/s @2':>18} {'met':>4}")
    for family in dict.fromkeys(k[0] for k in rates):
        one = rates.get((family, 1), (None,))[0]
        for threads in sorted(t for f, t in rates if f == family):
            rate, _, b = rates[(family, threads)]
            cores = b["cpu_time"] / b["real_time"] if b.get("real_time") else float("nan")
            per_cpu = rate / cores if cores else float("nan")
            speedup = f"{rate / one:.2f}x" if one and threads != 1 else ""
            target = TARGETS.get(family)
            met = ""
            if target and threads == 2:
                ok = rate >= target and (not one or rate / one >= SPEEDUP_TARGET)
                met = "yes" if ok else "no"
            tgt = f"{target:.1e} & {SPEEDUP_TARGET}x" if target and threads == 2 else ""
            print(f"{family:<18} {threads:>7} {rate:>12.3e} {speedup:>9} {cores:>10.2f} "
                  f"{per_cpu:>12.3e} {tgt:>18} {met:>4}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
