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
  | tee /dev/stderr | python3 bench/vae_report.py
