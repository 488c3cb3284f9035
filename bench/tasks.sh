#!/usr/bin/env bash
# Task benchmark (issue "Worker: one model for image-to-video, extension forward/backward, loops,
# connecting videos, SDEdit editing, images, and native sizes"), not a test:
#   packing: the synthetic world's size mix trained as size buckets and as packed sequences
#            (worker bench packing): time per pass over the same clips;
#   tasks:   trains one model (depth 4, width 128) on the standard task mix for --minutes
#            (default 33), then measures every task with the analyzer (worker bench tasks):
#            text-to-video and image adherence, image-to-video first frame, extension / loop /
#            connect seams against the typical frame-to-frame change, SDEdit colour edits,
#            framing at 16:9 and 9:16.
# Runs at nice 5 with one PyTorch thread (VIDEOGEN_THREADS): on the shared, oversubscribed 2-core
# build machine two intra-op threads spin at their barriers, and one thread trained 4.4x faster
# (0.94 vs 4.16 s per depth-4 width-128 step at load 8). Prints the tables and writes
# bench/results/tasks.json.
#
#   bench/tasks.sh --minutes 33 --samples 12 --sample-steps 20 --strengths 0.6,0.75,0.9
#                                         # both, ~45 minutes on the shared 2 cores
#   bench/tasks.sh --minutes 5 --samples 4
#   bench/tasks.sh --checkpoint runs/x/checkpoints/step-00004000   # measure, no training
#   bench/tasks.sh --autoencoder vae.bin --batch 32 --lr 1e-3 --minutes 12
#                                         # on that autoencoder's latents: tasks-latent.json
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f worker/target/videogen-worker.jar ]; then
  ./mvnw -q -pl worker -am package -DskipTests
fi
threads="${VIDEOGEN_THREADS:-1}"
export OMP_NUM_THREADS="$threads"
worker() {
  nice -n 5 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
    -Dai.djl.pytorch.num_interop_threads=1 -jar worker/target/videogen-worker.jar "$@"
}
model=(--depth 4 --width 128 --heads 4 --patch 2,4,4)
target=bench/results/tasks.json
out=$(mktemp -d)
if [[ " $* " == *" --autoencoder "* ]]; then
  # On an autoencoder's latents (bench vae --save): one token per latent pixel, as bench/vae.sh's
  # latent DiT; the pixel-space figures in tasks.json stay as they are.
  model=(--depth 4 --width 128 --heads 4 --patch 1,1,1)
  target=bench/results/tasks-latent.json
else
  echo "packing: size buckets vs packed sequences" >&2
  worker bench packing "${model[@]}" --per-bucket 8 --pack-tokens 2048 --repeats 2 \
    | tail -1 > "$out/packing.json"
fi
echo "tasks: training and measuring (see the log below)" >&2
worker bench tasks "${model[@]}" --out "${VIDEOGEN_BENCH_RUNS:-runs/bench-tasks}" "$@" \
  | tee "$out/tasks.log" >&2
tail -1 "$out/tasks.log" > "$out/tasks.json"
mkdir -p bench/results
python3 - "$out" "$target" <<'PY'
import json, os, platform, subprocess, sys
from datetime import datetime, timezone
out, target = sys.argv[1], sys.argv[2]
def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
packing_file = os.path.join(out, "packing.json")
packing = json.load(open(packing_file)) if os.path.exists(packing_file) else None
tasks = json.load(open(os.path.join(out, "tasks.json")))
result = {
    "machine": {"cpu": cpu(), "cores": os.cpu_count(), "torch_threads": int(os.environ.get("OMP_NUM_THREADS", "0")),
                "load_average_at_end": os.getloadavg()},
    "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "tasks": tasks,
}
if packing:
    result["packing"] = packing
json.dump(result, open(target, "w"), indent=2)
print(f"machine: {result['machine']['cpu']}, {result['machine']['cores']} cores")
if packing:
    print()
    print(f"{'training layout':18} {'pass over clips':>16} {'tokens/s':>10}")
    print(f"{'size buckets':18} {packing['bucket_pass_s']:>15.2f}s {packing['bucket_tokens_per_s']:>10.0f}")
    print(f"{'packed sequences':18} {packing['packed_pass_s']:>15.2f}s {packing['packed_tokens_per_s']:>10.0f}")
    print(f"packed / buckets: {packing['packed_vs_bucket_time']:.2f}x the time "
          f"({packing['clips']} clips, {packing['tokens']} tokens, {packing['packs']} packs of <= {packing['pack_tokens']})")
print()
print(f"trained {tasks.get('train_steps', '-')} steps in {tasks.get('train_minutes', 0):.1f} min; the task table is above")
print(f"wrote {target}")
PY
