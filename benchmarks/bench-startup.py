#!/usr/bin/env python3
"""Start-up benchmark: time to the first presented frame and peak RSS of `linkwright` against a
minimal libadwaita window (benchmarks/minimal-window.c), measured in the same run with
alternating launches. Both programs print "FIRST_FRAME <CLOCK_MONOTONIC µs>" after their first
frame is painted and exit (linkwright does so with LW_BENCH_FIRST_FRAME_EXIT=1).
Needs a display: run it through build-aux/bench, which provides Xvfb and a private D-Bus session.
The last line printed is the summary."""
import os, statistics, subprocess, sys, time

build = os.environ.get("LW_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "_build"))
runs = int(os.environ.get("LW_BENCH_RUNS", "10"))
programs = {
    "linkwright": [os.path.join(build, "src", "linkwright")],
    "minimal": [os.path.join(build, "benchmarks", "minimal-window")],
}
env = dict(os.environ, LW_BENCH_FIRST_FRAME_EXIT="1", GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"))


def launch(argv):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    first = None
    for line in p.stdout:
        if line.startswith("FIRST_FRAME "):
            first = int(line.split()[1]) / 1e6 - t0
    _, status, usage = os.wait4(p.pid, 0)
    if first is None or status != 0:
        sys.exit(f"{argv[0]} did not report a first frame (exit status {status})")
    return first * 1000.0, usage.ru_maxrss / 1024.0  # ms, MiB


results = {name: {"ms": [], "rss": []} for name in programs}
for name in programs:  # one warm-up each: page cache, fontconfig cache
    launch(programs[name])
for i in range(runs):
    for name in (programs if i % 2 == 0 else reversed(list(programs))):
        ms, rss = launch(programs[name])
        results[name]["ms"].append(ms)
        results[name]["rss"].append(rss)

for name, r in results.items():
    print(f"{name:11s} first frame median {statistics.median(r['ms']):7.1f} ms "
          f"(min {min(r['ms']):.1f}, max {max(r['ms']):.1f}); peak RSS median {statistics.median(r['rss']):.1f} MiB")
t_ratio = statistics.median(results["linkwright"]["ms"]) / statistics.median(results["minimal"]["ms"])
m_ratio = statistics.median(results["linkwright"]["rss"]) / statistics.median(results["minimal"]["rss"])
verdict = "PASS" if t_ratio <= 1.5 and m_ratio <= 1.5 else "MISS"
print(f"startup: time ratio {t_ratio:.2f}, RSS ratio {m_ratio:.2f} (target <= 1.5) over {runs} alternating runs: {verdict}")
