"""Time the portfolio engine on a large generated portfolio.

    python bench/compute.py [--customers 1000] [--processes 10] [--months 36] [--runs 5]

Generates a dense sample portfolio (every customer with the whole history, every
process live) and times validation and computation separately over several runs,
printing the median, minimum and maximum of each. The target (issue 4): computing
1,000 customers x 10 processes x 36 months in under 2 seconds on the 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from om_xl.portfolio import compute, sample_inputs, validate


def main() -> None:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    raw = sample_inputs(args.customers, args.processes, args.months, dense=True)
    print(
        f"{args.customers} customers x {args.processes} processes x {args.months} months: "
        f"{len(raw.outcomes):,} outcome rows, {len(raw.deployment):,} FDE log lines"
    )
    times: dict[str, list[float]] = {"validate": [], "compute": [], "total": []}
    for _ in range(args.runs):
        t0 = time.perf_counter()
        clean, problems = validate(raw)
        t1 = time.perf_counter()
        compute(clean)
        t2 = time.perf_counter()
        assert not problems, problems[:3]
        times["validate"].append(t1 - t0)
        times["compute"].append(t2 - t1)
        times["total"].append(t2 - t0)
    print(f"{'phase':<10}{'median s':>10}{'min s':>10}{'max s':>10}")
    for phase, ts in times.items():
        print(f"{phase:<10}{statistics.median(ts):>10.3f}{min(ts):>10.3f}{max(ts):>10.3f}")


if __name__ == "__main__":
    main()
