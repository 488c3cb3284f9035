#!/usr/bin/env bash
# Video autoencoder benchmark (issue "Worker: video compression network (causal 3D VAE)"), not a
# test: trains the causal VAE (4x8x8) on the synthetic world for --minutes (default 20), then
# reports reconstruction PSNR and SSIM on held-out clips (9 frames of 32x32, decoded from the
# posterior mean) and the peak resident memory of decoding 60 s against 4 s of latents in chunks,
# each in its own process (worker bench vae), and the training-step and sampling time of the
# patch-DiT on its latents against the pixel-space one at the same output size (worker bench
# speed). With --latent-minutes M it then trains the patch-DiT
# on the latents of that autoencoder for M minutes and scores its prompt adherence on the held-out
# combinations (worker bench quality --autoencoder), beside the pixel-space model's figures in
# bench/results/model-core.json. Prints the result and writes bench/results/vae.json.
#
#   bench/vae.sh                  # 20 minutes
#   bench/vae.sh --minutes 17 --latent-channels 16 --latent-minutes 10
#   bench/vae.sh --minutes 5 --held-out 4
#   bench/vae.sh --save vae.bin  # keep the weights (for bench quality --autoencoder)
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
vae_args=()
latent_minutes=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --latent-channels|--width) channels+=("${args[$i]}" "${args[$((i + 1))]}") ;;
  esac
  if [ "${args[$i]}" = --latent-minutes ]; then
    latent_minutes="${args[$((i + 1))]}"
    i=$((i + 1))
  else
    vae_args+=("${args[$i]}")
  fi
done
for seconds in 4 60 120; do
  worker bench vae "${channels[@]}" --decode-seconds "$seconds" | tail -1 > "$out/decode-$seconds.json"
done
worker bench vae "${vae_args[@]}" --save "$out/vae.bin" | tee /dev/stderr | tail -1 > "$out/train.json"
# Cost at the same output size, 32 x 32 at 8 fps: the pixel-space DiT of bench/model-core.sh's
# quality run on 8 frames (patches 2x4x4: 256 tokens) against the latent DiT on 9 frames, 1 + 4k
# (patches 1x1x1: 48 tokens), batch 8, 30 guided sampling steps; the latent one also encodes its
# batch and decodes its sample through the autoencoder just trained.
dit=(--depth 4 --width 128 --heads 4 --sample-steps 30 --sample-repeats 5)
worker bench speed "${dit[@]}" --patch 2,4,4 --shape 8,3,8,32,32 | tail -1 > "$out/cost-pixel.json"
worker bench speed "${dit[@]}" --patch 1,1,1 --shape 8,3,9,32,32 --autoencoder "$out/vae.bin" \
  | tail -1 > "$out/cost-latent.json"
if [ -n "$latent_minutes" ]; then
  # The latent DiT: the model-core quality preset's depth and width, one token per latent pixel
  # (patches 1x1x1: 48 tokens for 9 frames of 32x32), a pool of encoded clips, batch 32.
  worker bench quality --depth 4 --width 128 --heads 4 --patch 1,1,1 --batch 32 \
    --minutes "$latent_minutes" --samples 48 --autoencoder "$out/vae.bin" --out "$out/latent" \
    | tee /dev/stderr | tail -1 > "$out/latent.json"
fi
python3 bench/vae_report.py "$out"
