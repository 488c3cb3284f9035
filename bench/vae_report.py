"""Merges what bench/vae.sh measured (train.json, decode-{4,60,120}.json, cost-{pixel,latent}.json
and, with --latent-minutes, latent.json in the folder given) with the machine, date and commit into bench/results/vae.json,
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
cost_files = [os.path.join(out, f"cost-{kind}.json") for kind in ("pixel", "latent")]
if all(os.path.exists(f) for f in cost_files):
    pixel_cost, latent_cost = (json.load(open(f)) for f in cost_files)
    result["cost"] = {
        "pixel": pixel_cost,
        "latent": latent_cost,
        "tokens_ratio_latent_vs_pixel": latent_cost["tokens"] / pixel_cost["tokens"],
        "train_step_ratio_latent_vs_pixel": latent_cost["train_step_s"] / pixel_cost["train_step_s"],
        "train_step_with_encode_ratio_latent_vs_pixel":
            (latent_cost["train_step_s"] + latent_cost["encode_s"]) / pixel_cost["train_step_s"],
        "sample_ratio_latent_vs_pixel": latent_cost["sample_s"] / pixel_cost["sample_s"],
        "date": result["date"],
        "commit": result["commit"],
    }
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
if "cost" in result:
    c = result["cost"]
    print("cost at the same output size, 32 x 32 at 8 fps: batch %d, %d guided sampling steps"
          % (c["pixel"]["video_shape"][0], c["pixel"]["sample_steps"]))
    print("%-12s %6s %6s %8s %11s %11s %9s %9s" % ("", "frames", "tokens", "tokens/s", "train step",
                                                  "+ encode", "sample", "decode"))
    for name in ("pixel", "latent"):
        q = c[name]
        print("%-12s %6d %6d %8.0f %9.1f ms %9s %7.0f ms %9s" % (
            name + " DiT", q["video_shape"][2], q["tokens"], q["tokens_per_video_second"],
            1e3 * q["train_step_s"],
            "%.1f ms" % (1e3 * (q["train_step_s"] + q["encode_s"])) if "encode_s" in q else "",
            1e3 * q["sample_s"], "%.0f ms" % (1e3 * q["decode_s"]) if "decode_s" in q else ""))
    print("%-12s %6s %6.2f %8s %10.2fx %10.2fx %8.2fx" % (
        "latent/pixel", "", c["tokens_ratio_latent_vs_pixel"], "",
        c["train_step_ratio_latent_vs_pixel"], c["train_step_with_encode_ratio_latent_vs_pixel"],
        c["sample_ratio_latent_vs_pixel"]))
