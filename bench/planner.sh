#!/usr/bin/env bash
# Planner benchmark (issue "Operator: VideoJob end to end"), not a test: for a few durations, frame
# rates and maxParallel values, the critical path (frames rendered one after another) and the total
# frames rendered by Single, Sequential and KeyframesThenFill plans, and the time planning takes.
# Prints a table and writes bench/results/planner.json; exits 1 if KeyframesThenFill's critical path
# is more than a quarter of Sequential's at 60 s, 8 fps, maxParallel 8.
#
#   bench/planner.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -pl api test-compile exec:java \
  -Dexec.mainClass=dev.videogen.api.plan.PlannerBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="$PWD/bench/results/planner.json"
