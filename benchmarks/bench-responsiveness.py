#!/usr/bin/env python3
"""Responsiveness benchmark: the worst main-loop stall of the GUI during full simulated setups.

linkwright has no autorun hook yet, so the benchmark uses its hidden --screenshot walk, which
starts the in-process simulated cloud and goes Start → Alibaba Cloud → TiDB Cloud → RDS → Network
→ Review → Create → Progress → Done → Manage, twice (light, then dark style), i.e. two full setups
through the real window and pages. The LD_PRELOAD probe (benchmarks/lw-bench-probe.so) runs a
G_PRIORITY_HIGH source that should fire every 5 ms and records how late it fires, from the first
painted frame on, and turns the walk's PNG rendering and writing into no-ops
(LW_PROBE_NO_SCREENSHOTS) so that only the application's own work is measured; stalls during
which the walk took its widget snapshot are marked and left out of the verdict.

Needs a display: run it through build-aux/bench (Xvfb + a private D-Bus session).
The last line printed is the summary."""
import os, subprocess, sys, tempfile, time

build = os.environ.get("LW_BUILD_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_build"))
profile = os.environ.get("LW_BENCH_SIM_PROFILE", "realistic")
scale = os.environ.get("LW_BENCH_GUI_TIME_SCALE", "0.05")
limit = float(os.environ.get("LW_BENCH_GUI_TIMEOUT", "600"))
app = os.path.join(build, "src", "linkwright")
probe = os.path.join(build, "benchmarks", "lw-bench-probe.so")
# Targets (issue #13): over the whole walk (first frame through the last Done page, Manage
# included), the worst main-loop stall <= 16 ms and the 99th percentile of the 5 ms probe's lateness
# <= 8 ms.
TARGET_MS = 16.0
TARGET_P99_MS = 8.0
# Tighter targets (issue #13's second part), on their own line: worst stall <= 12 ms, p99 <= 4 ms.
TIGHT_MS, TIGHT_P99_MS = 12.0, 4.0

for path in (app, probe):
    if not os.path.exists(path):
        print(f"responsiveness: SKIPPED ({path} is not built)")
        sys.exit(0)

with tempfile.TemporaryDirectory(prefix="lw-bench-resp-") as tmp:
    report = os.path.join(tmp, "latency.txt")
    env = dict(os.environ, LD_PRELOAD=probe, LW_PROBE_LATENCY=report, LW_PROBE_NO_SCREENSHOTS="1",
               GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"))
    # The cn-hangzhou world, as in the earlier runs (benchmarks/README.md).
    argv = [app, "--screenshot", os.path.join(tmp, "shots"), "--sim-world", "hangzhou", "--sim-profile", profile,
            "--time-scale", scale]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    pages = []
    try:
        for line in p.stdout:
            if line.startswith("screenshot "):
                name = os.path.basename(line.split()[1]).rsplit(".", 1)[0]
                pages.append(name)
                print(f"  {time.monotonic() - t0:7.2f} s  page {name}")
            if time.monotonic() - t0 > limit:
                p.kill()
                break
        p.wait(timeout=max(1.0, limit - (time.monotonic() - t0)))
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    wall = time.monotonic() - t0

    if not os.path.exists(report):
        print(f"responsiveness: FAILED (no probe report; linkwright exit status {p.returncode})")
        sys.exit(1)
    values, stalls, visible, late = {}, [], [], []
    for line in open(report):
        parts = line.split()
        if parts[0] == "stall":
            stalls.append(line.strip())
        elif parts[0] == "page":
            visible.append((float(parts[1]), parts[2]))
        elif parts[0] == "late":
            # time, lateness (ms), page, during a snapshot, contains an fsync, the main thread's CPU
            # time in the stall (ms; what the machine's load does not inflate)
            # ... and what the stall was: "frame:<update>+<layout>+<paint>/other:<ms>" (GDK's frame
            # phases; other = handlers, idles and callbacks between frames)
            late.append((float(parts[1]), float(parts[2]), parts[3], parts[4] == "1", parts[5] == "1",
                         float(parts[6]) if len(parts) > 6 else 0.0, parts[7] if len(parts) > 7 else ""))
        else:
            values[parts[0]] = int(parts[1])

# A setup runs from the Progress page becoming visible (Create) to the Done page.
runs, begin = [], None
for t, name in visible:
    if name == "progress":
        begin = t
    elif name == "done" and begin is not None:
        runs.append((begin, t))
        begin = None
counted = [x for x in late if not x[3]]           # not during the walk's own snapshot
worst = max((x[1] for x in counted), default=0.0)
in_runs = [x for x in counted if any(b <= x[0] <= e for b, e in runs)]
worst_run = max((x[1] for x in in_runs), default=0.0)
# The verdict covers the setups: from the first frame until the walk leaves the last Done page
# (the assistant's pages, the runs, showing Done). The Manage page, which the walk visits
# afterwards, is reported on its own, and so is closing the window.
last_done = runs[-1][1] if runs else 0.0
leave_done = next((t for t, name in visible if t > last_done and name != "done"), float("inf"))
in_setup = [x for x in counted if x[0] <= leave_done and x[2] not in ("manage", "?")]
worst_setup = max((x[1] for x in in_setup), default=0.0)
# The whole walk: every page, Manage included (not the window closing at the end, page "?").
in_walk = [x for x in counted if x[2] != "?"]
worst_walk = max((x[1] for x in in_walk), default=0.0)
per_page = {}
for x in counted:
    per_page[x[2]] = max(per_page.get(x[2], 0.0), x[1])
with_sync = [x for x in counted if x[4] and x[1] > 20]
cpu_page = {}
for x in counted:
    if x[2] != "?":
        cpu_page[x[2]] = max(cpu_page.get(x[2], 0.0), x[5])
worst_cpu = max(cpu_page.values(), default=0.0)

print(f"  {len(runs)} full setup(s) in {wall:.1f} s of walk (profile {profile}, time scale {scale}), "
      f"{values['samples']} probe samples after the first frame; runs took "
      + ", ".join(f"{e - b:.1f} s" for b, e in runs))
print(f"  start-up before the first frame (not counted): longest stall {values['before_first_frame_us'] / 1000:.1f} ms")
print("  pages as they became visible (s since the first frame): " +
      ", ".join(f"{name} {t:.1f}" for t, name in visible))
print("  worst stall while each page was visible: " +
      ", ".join(f"{page} {ms:.0f} ms" for page, ms in sorted(per_page.items(), key=lambda kv: -kv[1])))
print("  main-thread CPU time of the worst stall on each page (not inflated by the machine's load): " +
      ", ".join(f"{page} {ms:.0f} ms" for page, ms in sorted(cpu_page.items(), key=lambda kv: -kv[1])))
print(f"  worst stall while a setup was running (Create → Done): {worst_run:.1f} ms, "
      f"{sum(1 for x in in_runs if x[1] > TARGET_MS)} stalls over {TARGET_MS:.0f} ms")
print(f"  state-file fsync on the main thread: {values['fsync_count']} calls, longest "
      f"{values['fsync_max_us'] / 1000:.1f} ms, total {values['fsync_total_us'] / 1000:.1f} ms; "
      f"{len(with_sync)} of the stalls over 20 ms contain an fsync")
print("  worst stalls:")
for s in stalls:
    print(f"    {s}")
def split(text):
    """'frame:a+b+c/other:d' -> 'frame a ms (update a, layout b, paint c) + other d ms'"""
    try:
        frame, other = text.split("/")
        u, l, p = (float(x) for x in frame.split(":")[1].split("+"))
        return f"frame {u + l + p:.1f} ms (update {u:.1f}, layout {l:.1f}, paint {p:.1f}) + other work {float(other.split(':')[1]):.1f} ms"
    except ValueError:
        return "not split"
print("  the worst counted stalls, split into GDK's frame phases and other work between frames:")
for x in sorted(counted, key=lambda x: -x[1])[:8]:
    print(f"    {x[1]:5.1f} ms at {x[0]:7.3f} s on {x[2]:9s} CPU {x[5]:5.1f} ms: {split(x[6])}")
if not runs:
    verdict = "FAILED (the walk did not reach Done)"
else:
    verdict = "PASS" if worst_walk <= TARGET_MS and values['p99_us'] / 1000 <= TARGET_P99_MS else "MISS"
if runs:
    tight = "PASS" if worst_walk <= TIGHT_MS and values['p99_us'] / 1000 <= TIGHT_P99_MS else "MISS"
    print(f"tighter responsiveness: worst main-loop stall {worst_walk:.1f} ms (target <= {TIGHT_MS:.0f}), "
          f"p99 {values['p99_us'] / 1000:.1f} ms (target <= {TIGHT_P99_MS:.0f}): {tight}")
print(f"responsiveness: worst main-loop stall {worst_walk:.1f} ms over the whole walk ({worst_setup:.1f} ms from the first frame "
      f"through Done, {worst_run:.1f} ms while the setup ran, {per_page.get('manage', 0.0):.1f} ms on the Manage page), "
      f"p99 {values['p99_us'] / 1000:.1f} ms ({values['over_20ms']} of {values['samples']} 5-ms ticks late by more than 20 ms), "
      f"main-thread CPU time of the worst stall {worst_cpu:.1f} ms, load average {os.getloadavg()[0]:.2f}, "
      f"{len(runs)} full simulated setup(s) in the GUI, target worst <= {TARGET_MS:.0f} ms and p99 <= {TARGET_P99_MS:.0f} ms: {verdict}")
