#!/usr/bin/env python3
"""Scale benchmark: the RDS page with 5,000 instances in the region, then with 50,000.

Seed worlds: src/sim/worlds/large.json (5,000 instances) and one of 50,000 that
src/sim/worlds/make-large.py generates into a temporary file for the run (LW_BENCH_SCALE_LARGE=0
skips it; LW_BENCH_SCALE_LARGE_INSTANCES changes its size). linkwright has
no --seed option for its in-process simulator yet, so the LD_PRELOAD probe
(benchmarks/lw-bench-probe.so, LW_PROBE_SEED) hands it that file in place of the built-in demo
world, and drives `linkwright --simulate` (LW_PROBE_SCALE) Start → Alibaba Cloud → TiDB Cloud → RDS.

Measured: the time from the RDS page becoming visible to the first painted frame with rows in the
list (the first page of DescribeDBInstances has arrived); the time until every page is loaded
(the first keystroke asks for all of them, a search must see every instance); then, with all
instances loaded, per keystroke of typing a query and deleting it again: the time the page spends
filtering (the search-changed handler) plus the work of the frame that shows the result (before
paint → after paint). The search entry's own typing delay is not counted.

Needs a display: run it through build-aux/bench (Xvfb + a private D-Bus session).
The last line printed is the summary."""
import json, os, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
source = os.environ.get("LW_SOURCE_ROOT", os.path.join(here, ".."))
build = os.environ.get("LW_BUILD_DIR", os.path.join(here, "..", "_build"))
profile = os.environ.get("LW_BENCH_SCALE_PROFILE", "demo")
n_instances = int(os.environ.get("LW_BENCH_SCALE_INSTANCES", "5000"))
limit = float(os.environ.get("LW_BENCH_GUI_TIMEOUT", "300"))
app = os.path.join(build, "src", "linkwright")
probe = os.path.join(build, "benchmarks", "lw-bench-probe.so")


def make_world(path):
    """The demo world with generated MySQL instances in cn-hangzhou up to n_instances."""
    world = json.load(open(os.path.join(source, "src", "sim", "worlds", "demo.json")))
    alibaba = world["alibaba"]
    instances = alibaba["rds_instances"]
    template = next(i for i in instances if i["DBInstanceId"] == "rm-bp1demomysql0001")
    zones = [("cn-hangzhou-h", "vsw-bp1demoh000000001", 1), ("cn-hangzhou-i", "vsw-bp1demoi000000001", 2),
             ("cn-hangzhou-j", "vsw-bp1demoj000000001", 3)]
    k = 0
    while len(instances) < n_instances:
        zone, vsw, net = zones[k % 3]
        inst = json.loads(json.dumps(template))
        inst.update({
            "DBInstanceId": f"rm-bp1bench{k:07d}", "RegionId": "cn-hangzhou",
            "DBInstanceDescription": f"bench instance {k} ({['orders', 'users', 'billing', 'audit'][k % 4]})",
            "EngineVersion": ["8.0", "5.7"][k % 2],
            "DBInstanceStatus": "Running" if k % 17 else "Stopped",
            "ZoneId": zone, "VSwitchId": vsw,
            "IPAddress": f"172.16.{net}.{10 + (k // 3) % 240}",
        })
        instances.append(inst)
        k += 1
    json.dump(world, open(path, "w"))


for path in (app, probe):
    if not os.path.exists(path):
        print(f"scale: SKIPPED ({path} is not built)")
        sys.exit(0)


def run_world(seed, world_note, tmp):
    """One picker run on the seed world; returns (values, keystroke lines, instances, query)."""
    rds = json.load(open(seed))["alibaba"]["rds_instances"]
    # Instances without RegionId are in the world's default region (cn-hangzhou).
    n_world = sum(1 for i in rds if i.get("RegionId", "cn-hangzhou") == "cn-hangzhou")
    # Typed character by character: the ID of an instance in the middle of the list.
    query = rds[min(len(rds) - 1, 2042)]["DBInstanceId"].lower()

    env = dict(os.environ, LD_PRELOAD=probe, LW_PROBE_SEED=seed, LW_PROBE_SCALE="1", LW_PROBE_SCALE_QUERY=query,
               GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"))
    # The cn-hangzhou world: the probe substitutes its resource (…/sim/demo.json) with the seed.
    argv = [app, "--simulate", "--sim-world", "hangzhou", "--sim-profile", profile]
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
                             timeout=limit).stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        print(f"  gave up after {limit:.0f} s")

    values, keys = {}, []
    for line in out.splitlines():
        if not line.startswith("SCALE "):
            continue
        parts = line.split()
        if parts[1] == "keystroke":
            keys.append(line[len("SCALE keystroke "):])
        elif parts[1] == "keystrokes":
            values["keystrokes"], values["median_ms"], values["max_ms"] = int(parts[2]), float(parts[4]), float(parts[6])
        else:
            values[parts[1]] = float(parts[2])

    print(f"  world: {world_note}; {n_world} RDS instances in cn-hangzhou; simulator profile {profile}; "
          f"typed and deleted again: \"{query}\"")
    for k in keys:
        print(f"    keystroke {k}")
    if "first_rows_ms" not in values or "keystrokes" not in values:
        return None, n_world
    print(f"  list model items once loaded: {int(values.get('items', 0))}; every page loaded after "
          f"{values.get('all_loaded_ms', -1):.0f} ms; row widgets in the list view at the end: "
          f"{int(values.get('row_widgets', 0))} (GTK 4.8's list view keeps about 200)")
    return values, n_world


# Targets (issue #13): first rows <= 50 ms after the page opens; every keystroke <= 8 ms at 5,000
# instances and <= 16 ms at 50,000 (the search-changed handlers plus the next frame's work).
FIRST_ROWS_MS = 50.0
# Tighter targets (issue #13's second part), on their own line: first rows <= 25 ms, every keystroke
# <= 6 ms at 5,000 and at 50,000 instances.
TIGHT_FIRST_ROWS_MS, TIGHT_KEY_MS = 25.0, 6.0
worlds = [(n_instances, 8.0)]
if os.environ.get("LW_BENCH_SCALE_LARGE", "1") != "0":
    worlds.append((int(os.environ.get("LW_BENCH_SCALE_LARGE_INSTANCES", "50000")), 16.0))

results = []
with tempfile.TemporaryDirectory(prefix="lw-bench-scale-") as tmp:
    for n, key_target in worlds:
        if n == n_instances and os.path.exists(os.path.join(source, "src", "sim", "worlds", "large.json")):
            seed = os.path.join(source, "src", "sim", "worlds", "large.json")
            note = "src/sim/worlds/large.json"
        elif os.path.exists(os.path.join(source, "src", "sim", "worlds", "make-large.py")):
            # Not committed (it would be ~9 MB): generated at bench time by the same script.
            seed = os.path.join(tmp, f"large-{n}.json")
            subprocess.run([sys.executable, os.path.join(source, "src", "sim", "worlds", "make-large.py"),
                            "--total", str(n), "--output", seed], check=True)
            note = f"make-large.py --total {n} (generated for this run)"
        else:
            seed = os.path.join(tmp, f"large-{n}.json")
            n_instances = n
            make_world(seed)
            note = "demo world + generated instances"
        print(f"  -- {n} instances --")
        values, n_world = run_world(seed, note, tmp)
        results.append((n, n_world, key_target, values))

parts, ok, tight_parts, tight_ok = [], True, [], True
for n, n_world, key_target, values in results:
    if values is None:
        print(f"scale: FAILED (the probe did not reach the RDS page or could not type with {n} instances; see above)")
        sys.exit(1)
    good = values["first_rows_ms"] <= FIRST_ROWS_MS and values["max_ms"] <= key_target
    ok = ok and good
    parts.append(f"{n_world} instances: first rows {values['first_rows_ms']:.0f} ms (target <= {FIRST_ROWS_MS:.0f}), "
                 f"keystroke median {values['median_ms']:.1f} ms, max {values['max_ms']:.1f} ms over "
                 f"{values['keystrokes']} (target <= {key_target:.0f})")
    tight_ok = tight_ok and values["first_rows_ms"] <= TIGHT_FIRST_ROWS_MS and values["max_ms"] <= TIGHT_KEY_MS
    tight_parts.append(f"{n_world} instances: first rows {values['first_rows_ms']:.0f} ms, max keystroke "
                       f"{values['max_ms']:.1f} ms")
print("tighter scale: " + "; ".join(tight_parts) + f" (targets: first rows <= {TIGHT_FIRST_ROWS_MS:.0f} ms, every "
      f"keystroke <= {TIGHT_KEY_MS:.0f} ms in both worlds): {'PASS' if tight_ok else 'MISS'}")
print("scale: " + "; ".join(parts) + f" (filter + frame work per keystroke): {'PASS' if ok else 'MISS'}")
