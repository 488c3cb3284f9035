#!/usr/bin/env bash
# Model-core benchmark (issue "Worker: patch-DiT text-to-video in DJL"), not a test:
#   speed:   training-step and sampling time of our DJL patch-DiT beside a PyTorch reference of the
#            same architecture and shapes (bench/reference/patch_dit.py), in one run, as ratios;
#            achieved FLOP/s as a fraction of this machine's measured peak matmul FLOP/s;
#   memory:  live NDArrays and RSS over a long training run (--memory-steps, default 2000);
#   quality: with --quality MINUTES, train on the synthetic world and report prompt adherence on the
#            held-out combinations (see worker `bench quality`).
# Prints a table and writes bench/results/model-core.json.
#
#   bench/model-core.sh                       # speed + memory
#   bench/model-core.sh --quality 30          # and a 30-minute training run
set -euo pipefail
cd "$(dirname "$0")/.."
memory_steps=2000
quality=""
while [ $# -gt 0 ]; do
  case "$1" in
    --memory-steps) memory_steps="$2"; shift 2 ;;
    --quality) quality="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

venv="${VIDEOGEN_BENCH_VENV:-$HOME/.cache/videogen/bench-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch' 2>/dev/null; then
  echo "installing the PyTorch reference into $venv (once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r bench/reference/requirements.txt
fi
if [ ! -f worker/target/videogen-worker.jar ]; then
  ./mvnw -q -pl worker -am package -DskipTests
fi
# The serial collector: G1's concurrent threads (and a busy JIT) take cores from PyTorch's intra-op
# threads, which on a 2-core machine costs 10-15% of every step (see docs/model.md).
worker() { java -XX:+UseSerialGC -Dai.djl.offline=true -jar worker/target/videogen-worker.jar "$@"; }

out=$(mktemp -d)
worker doctor > "$out/doctor.txt"
# name | DitConfig overrides (java) | reference config (JSON) | B,C,T,H,W
cases=(
  "tiny-d4w128|--depth 4 --width 128 --heads 4 --patch 2,4,4|{\"depth\":4,\"width\":128,\"heads\":4,\"mlpRatio\":4,\"patchT\":2,\"patchH\":4,\"patchW\":4,\"channels\":3,\"textDepth\":1,\"textLength\":48,\"prediction\":\"DATA\"}|8,3,8,32,32"
  "d6w192-512tok|--depth 6 --width 192 --heads 6 --patch 2,4,4|{\"depth\":6,\"width\":192,\"heads\":6,\"mlpRatio\":4,\"patchT\":2,\"patchH\":4,\"patchW\":4,\"channels\":3,\"textDepth\":1,\"textLength\":48,\"prediction\":\"DATA\"}|4,3,16,32,32"
)
for c in "${cases[@]}"; do
  IFS='|' read -r name javaargs refcfg shape <<<"$c"
  echo "speed: $name ($shape)" >&2
  # shellcheck disable=SC2086
  worker bench speed $javaargs --shape "$shape" --train-steps 20 --sample-steps 10 --sample-repeats 3 \
    | tail -1 > "$out/$name.djl.json"
  for attention in sdpa math; do
    "$venv/bin/python" bench/reference/patch_dit.py --config "$refcfg" --shape "$shape" \
      --attention "$attention" --train-steps 20 --sample-steps 10 --sample-repeats 3 \
      > "$out/$name.pytorch-$attention.json"
  done
done
if [ "$memory_steps" -gt 0 ]; then
  echo "memory: $memory_steps steps" >&2
  worker bench memory --depth 2 --width 96 --heads 4 --steps "$memory_steps" --every 100 \
    | tail -1 > "$out/memory.json"
fi
if [ -n "$quality" ]; then
  echo "quality: training for $quality minutes" >&2
  worker bench quality --depth 4 --width 128 --heads 4 --patch 2,4,4 --minutes "$quality" \
    --samples 48 --out "$out/quality" | tail -1 > "$out/quality.json"
fi
mkdir -p bench/results
"$venv/bin/python" bench/report.py "$out" bench/results/model-core.json
