"""Merges the pieces bench/model-core.sh measured into a table and bench/results/model-core.json."""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone

out, target = sys.argv[1], sys.argv[2]


def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else None


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


doctor = open(os.path.join(out, "doctor.txt")).read()
peak = float(re.search(r"([0-9.]+) GFLOP/s", doctor).group(1)) * 1e9
result = {
    "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "peak_matmul_flops": peak},
    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "speed": [],
}
print(f"machine: {result['machine']['cpu']}, {result['machine']['cores']} cores, "
      f"peak matmul {peak / 1e9:.0f} GFLOP/s (fp32, 1024x1024)")
print()
header = f"{'case':16} {'impl':14} {'params':>9} {'train step':>11} {'sample':>9} {'train FLOP/s':>13} {'of peak':>8}"
print(header)
print("-" * len(header))
for name in sorted({f.split(".")[0] for f in os.listdir(out) if f.endswith(".djl.json")}):
    djl = load(f"{name}.djl.json")
    entry = {"case": name, "djl": djl}
    for impl in ("pytorch-sdpa", "pytorch-math"):
        entry[impl] = load(f"{name}.{impl}.json")
    for impl in ("djl", "pytorch-sdpa", "pytorch-math"):
        r = entry[impl]
        flops = djl["train_step_flops"] / r["train_step_s"]
        r["train_flops_per_s"] = flops
        r["train_fraction_of_peak"] = flops / peak
        print(f"{name:16} {impl:14} {r['parameters']:>9} {r['train_step_s'] * 1000:>9.1f}ms "
              f"{r['sample_s'] * 1000:>7.0f}ms {flops / 1e9:>10.1f} G {flops / peak:>7.0%}")
    entry["ratio_train_djl_vs_pytorch_sdpa"] = djl["train_step_s"] / entry["pytorch-sdpa"]["train_step_s"]
    entry["ratio_sample_djl_vs_pytorch_sdpa"] = djl["sample_s"] / entry["pytorch-sdpa"]["sample_s"]
    entry["ratio_train_djl_vs_pytorch_math"] = djl["train_step_s"] / entry["pytorch-math"]["train_step_s"]
    print(f"{name:16} {'ratio':14} {'':>9} {entry['ratio_train_djl_vs_pytorch_sdpa']:>10.2f}x "
          f"{entry['ratio_sample_djl_vs_pytorch_sdpa']:>7.2f}x   (DJL / PyTorch sdpa; median times)")
    result["speed"].append(entry)

memory = load("memory.json")
if memory:
    result["memory"] = memory
    print()
    print(f"memory over {memory['steps']} steps (second half): live NDArrays "
          f"{memory['live_ndarrays_min_after_warmup']}..{memory['live_ndarrays_max_after_warmup']}, "
          f"RSS slope {memory['rss_mb_per_1000_steps_after_warmup']:+.1f} MB per 1000 steps")
quality = load("quality.json")
if quality:
    result["quality"] = quality
    print()
    print("quality (held-out combinations): " + ", ".join(
        f"{k} {v:.0%}" if isinstance(v, float) and k.endswith("accuracy") else f"{k} {v}"
        for k, v in quality.items() if not isinstance(v, (list, dict))))
# A section this run did not measure (--memory-steps 0, no --quality) keeps its figures from the
# previous results file, with the date and commit it was measured at.
if os.path.exists(target):
    previous = json.load(open(target))
    for section in ("memory", "quality"):
        if section not in result and section in previous:
            kept = previous[section]
            when = (kept.get("date"), kept.get("commit")) if "date" in kept else (
                previous.get("date"), previous.get("commit"))
            kept.setdefault("measured", f"{when[0]} at commit {when[1]}")
            result[section] = kept
            print(f"{section}: not re-run, kept from {kept['measured']}")

json.dump(result, open(target, "w"), indent=2)
print()
print(f"wrote {target}")
