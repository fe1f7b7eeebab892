#!/usr/bin/env python3
"""Prints the docs/performance.md table from a JMH JSON result: the median of each benchmark's
measured iterations, and each demo-step median as a ratio to the hand-written step's median and to
PyTorch eager's.

    java -jar micrograd-bench/target/benchmarks.jar -rf json -rff jmh.json ...
    python3 micrograd-bench/medians.py jmh.json
"""
import json
import statistics
import sys


def main(path):
    with open(path) as f:
        results = json.load(f)
    medians = {}
    rows = []
    for r in results:
        name = r["benchmark"].replace("dev.micrograd.bench.", "")
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        median = statistics.median(raw)
        medians[name] = median
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc_median = None
        if alloc and alloc.get("rawData"):
            alloc_median = statistics.median([x for fork in alloc["rawData"] for x in fork])
        rows.append((name, median, min(raw), max(raw), r["primaryMetric"]["scoreUnit"], alloc_median))
    base = medians.get("DemoStepBenchmark.handWritten")
    torch = medians.get("DemoStepBenchmark.pytorchEager")
    print("| benchmark | median | min .. max | unit | allocated per op | ratio to hand-written | ratio to PyTorch eager |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for name, median, lo, hi, unit, alloc in rows:
        demo = name.startswith("DemoStepBenchmark.")
        ratio = f"{median / base:.2f}x" if base and demo else ""
        to_torch = f"{median / torch:.2f}x" if torch and demo else ""
        alloc_text = f"{alloc:,.0f} B" if alloc is not None else ""
        print(f"| {name} | {median:,.1f} | {lo:,.1f} .. {hi:,.1f} | {unit} | {alloc_text} | {ratio} | {to_torch} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "jmh.json")
