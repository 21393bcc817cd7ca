#!/usr/bin/env python3
"""Where the request path's CPU goes, by layer, from a JFR recording of the bench.

    java -XX:StartFlightRecording=filename=rp.jfr,settings=profile \
         -jar packaging/target/memrun.jar bench --experiments request-path
    jfr print --json --stack-depth 64 --events jdk.ExecutionSample rp.jfr > rp.json
    python3 docs/bench/jfr-layers.py rp.json

Each CPU sample counts for the first library frame from the top of its stack (JDK frames are
skipped, so a socket write counts for whoever called it): the Kafka client, the embedded broker,
Helidon, memrun, Jackson, the bench's load generator (the JDK HTTP client) or its harness.
"""
import collections
import json
import sys

BROKER = ("server", "storage", "raft", "controller", "coordinator", "network", "metadata", "image",
          "queue", "timeline", "deferred", "security")


def layer(name):
    if name.startswith("kafka.") or any(name.startswith("org.apache.kafka." + p) for p in BROKER):
        return "Kafka broker (embedded)"
    if name.startswith("org.apache.kafka"):
        return "Kafka client"
    if name.startswith("io.helidon"):
        return "Helidon"
    if name.startswith("io.memrun.bench"):
        return "bench harness"
    if name.startswith("io.memrun"):
        return "memrun"
    if name.startswith("com.fasterxml"):
        return "Jackson"
    if name.startswith("java.net.http") or name.startswith("jdk.internal.net.http"):
        return "JDK HTTP client (load generator)"
    return None


def main(path):
    counts = collections.Counter()
    for event in json.load(open(path))["recording"]["events"]:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        names = [f["method"]["type"]["name"].replace("/", ".") for f in frames]
        found = next((l for l in map(layer, names) if l), "JDK only (scheduling, I/O, virtual threads)")
        counts[found] += 1
    total = sum(counts.values())
    for name, n in counts.most_common():
        print(f"{name:46s} {n:7d} {100 * n / total:5.1f}%")
    print(f"{'samples':46s} {total:7d}")


if __name__ == "__main__":
    main(sys.argv[1])
