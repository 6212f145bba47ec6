#!/usr/bin/env bash
# The training benchmark (docs/benchmarks.md, "Training through the API"): builds the test classes, starts the
# service in a separate JVM on 127.0.0.1, trains the reference workload through POST /jobs with the default spec,
# the same with the engine in-process and with PyTorch (when /usr/bin/python3 imports torch), alternating, and
# prints one JSON line per round and a summary with the ratios. Arguments are passed on, e.g. rounds=5 epochs=5.
# PyTorch on Debian: apt-get install -y python3-torch libopenblas0-pthread (without OpenBLAS it is ~20x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.dropwise.bench.TrainBenchmark "$@"
