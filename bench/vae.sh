#!/usr/bin/env bash
# Video autoencoder benchmark (issue "Worker: video compression network (causal 3D VAE)"), not a
# test: trains the causal VAE (4x8x8) on the synthetic world for --minutes (default 20), then
# reports reconstruction PSNR and SSIM on held-out clips (9 frames of 32x32, decoded from the
# posterior mean) and the peak resident memory of decoding 60 s against 4 s of latents in chunks,
# each in its own process (worker bench vae). Prints the result and writes bench/results/vae.json.
#
#   bench/vae.sh                  # 20 minutes
#   bench/vae.sh --minutes 5 --held-out 4
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f worker/target/videogen-worker.jar ]; then
  ./mvnw -q -pl worker -am package -DskipTests
fi
mkdir -p bench/results
worker() { java -XX:+UseSerialGC -Dai.djl.offline=true -jar worker/target/videogen-worker.jar "$@"; }
out=$(mktemp -d)
# Decode memory first, each length in a fresh process (memory an allocator keeps from earlier work
# would hide what a decode needs); the model's size is the only option that matters here.
channels=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --latent-channels|--width) channels+=("${args[$i]}" "${args[$((i + 1))]}") ;;
  esac
done
for seconds in 4 60 120; do
  worker bench vae "${channels[@]}" --decode-seconds "$seconds" | tail -1 > "$out/decode-$seconds.json"
done
worker bench vae "$@" | tee /dev/stderr | tail -1 > "$out/train.json"
python3 bench/vae_report.py "$out"
