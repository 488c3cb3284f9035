#!/usr/bin/env bash
# Video autoencoder benchmark (issue "Worker: video compression network (causal 3D VAE)"), not a
# test: trains the causal VAE (4x8x8) on the synthetic world for --minutes (default 20), then
# reports reconstruction PSNR and SSIM on held-out clips (9 frames of 32x32, decoded from the
# posterior mean) and the peak resident memory of decoding 60 s against 4 s of latents in chunks
# (worker bench vae). Prints the result and writes bench/results/vae.json.
#
#   bench/vae.sh                  # 20 minutes
#   bench/vae.sh --minutes 5 --held-out 4
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f worker/target/videogen-worker.jar ]; then
  ./mvnw -q -pl worker -am package -DskipTests
fi
mkdir -p bench/results
java -XX:+UseSerialGC -Dai.djl.offline=true -jar worker/target/videogen-worker.jar bench vae "$@" \
  | tee /dev/stderr | tail -1 \
  | python3 -c '
import json, os, platform, subprocess, sys
from datetime import datetime, timezone
r = json.load(sys.stdin)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
           platform.processor())
r["machine"] = {"cpu": cpu, "cores": os.cpu_count()}
r["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
r["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
peak = r["decode_peak_rss_mb"]
r["decode_peak_ratio_60s_vs_4s"] = peak["60s"] / peak["4s"]
json.dump(r, open("bench/results/vae.json", "w"), indent=2)
print(f"PSNR {r[\"psnr_db\"]:.2f} dB  SSIM {r[\"ssim\"]:.3f}  after {r[\"train_steps\"]} steps; "
      f"decode peak 60 s {peak[\"60s\"]:.0f} MB vs 4 s {peak[\"4s\"]:.0f} MB "
      f"({r[\"decode_peak_ratio_60s_vs_4s\"]:.2f}x)")
'
