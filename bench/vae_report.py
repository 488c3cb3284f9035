"""Merges what bench/vae.sh measured (train.json, decode-4.json, decode-60.json in the folder given)
with the machine, date and commit into bench/results/vae.json, printing a one-line summary."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

out = sys.argv[1]
result = json.load(open(os.path.join(out, "train.json")))
result["decode_peak_rss_mb"] = {
    f"{s}s": json.load(open(os.path.join(out, f"decode-{s}.json")))["decode_peak_rss_mb"]
    for s in (4, 60, 120)}
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
print("PSNR %.2f dB, SSIM %.3f after %d steps (%.1f min); decode peak 4 s %.0f MB, 60 s %.0f MB"
      " (%.2fx), 120 s %.0f MB" % (result["psnr_db"], result["ssim"], result["train_steps"],
                                  result["train_minutes"], peak["4s"], peak["60s"],
                                  result["decode_peak_ratio_60s_vs_4s"], peak["120s"]))
