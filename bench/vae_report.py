"""Merges what bench/vae.sh measured (train.json, decode-{4,60,120}.json and, with --latent-minutes,
latent.json in the folder given) with the machine, date and commit into bench/results/vae.json,
printing a summary; the latent DiT is set beside the pixel-space one of bench/results/model-core.json."""
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
latent_file = os.path.join(out, "latent.json")
if os.path.exists(latent_file):
    latent = json.load(open(latent_file))
    latent.pop("samples", None)
    result["latent_dit"] = latent
    try:
        pixel = json.load(open("bench/results/model-core.json"))["quality"]
        pixel.pop("samples", None)
        result["pixel_dit"] = pixel
    except (OSError, KeyError):
        pass
peak = result["decode_peak_rss_mb"]
result["decode_peak_ratio_60s_vs_4s"] = peak["60s"] / peak["4s"]
os.makedirs("bench/results", exist_ok=True)
json.dump(result, open("bench/results/vae.json", "w"), indent=2)
print("PSNR %.2f dB, SSIM %.3f after %d steps (%.1f min); decode peak 4 s %.0f MB, 60 s %.0f MB"
      " (%.2fx), 120 s %.0f MB" % (result["psnr_db"], result["ssim"], result["train_steps"],
                                  result["train_minutes"], peak["4s"], peak["60s"],
                                  result["decode_peak_ratio_60s_vs_4s"], peak["120s"]))
if "reconstruction_shape_accuracy" in result:
    print("the analyzer reads in the reconstructions: colour %.0f%%, shape %.0f%%, direction %.0f%%"
          % tuple(100 * result["reconstruction_%s_accuracy" % k]
                  for k in ("colour", "shape", "direction")))
for name in ("latent_dit", "pixel_dit"):
    if name in result:
        q = result[name]
        print("%-10s %5d steps in %4.1f min: colour %3.0f%%  shape %3.0f%%  direction %3.0f%%  flicker"
              " %.1fx real" % (name, q["train_steps"], q["train_minutes"], 100 * q["colour_accuracy"],
                               100 * q["shape_accuracy"], 100 * q["direction_accuracy"],
                               q["flicker_ratio"]))
