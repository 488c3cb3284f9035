"""Adds the machine, date and commit to `worker bench vae`'s result (stdin) and writes it to
bench/results/vae.json, printing a one-line summary."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

result = json.loads(sys.stdin.read().strip().splitlines()[-1])
cpu = platform.processor()
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
result["machine"] = {"cpu": cpu, "cores": os.cpu_count()}
result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
result["commit"] = subprocess.run(
    ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
peak = result["decode_peak_rss_mb"]
result["decode_peak_ratio_60s_vs_4s"] = peak["60s"] / peak["4s"]
os.makedirs("bench/results", exist_ok=True)
json.dump(result, open("bench/results/vae.json", "w"), indent=2)
print("PSNR %.2f dB, SSIM %.3f after %d steps (%.1f min); decode peak 60 s %.0f MB vs 4 s %.0f MB"
      " (%.2fx)" % (result["psnr_db"], result["ssim"], result["train_steps"],
                    result["train_minutes"], peak["60s"], peak["4s"],
                    result["decode_peak_ratio_60s_vs_4s"]))
