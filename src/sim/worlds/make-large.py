#!/usr/bin/env python3
# Generates large.json from demo.json: the same accounts, regions, VPC and TiDB side, the five
# demo instances, and enough generated RDS instances for 5,000 in total (scale target of
# product.md §6). Deterministic, so the committed file only changes when this script does.
#
#   make-large.py                              writes large.json next to this script (5,000)
#   make-large.py --total 50000 --output FILE  a larger world, not committed: build-aux/bench
#                                              (benchmarks/bench-scale.py) generates it when needed
import argparse
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description="Generate a simulator world with many RDS instances")
parser.add_argument("--total", type=int, default=5000, help="RDS instances in all (default 5000)")
parser.add_argument("--output", default=os.path.join(here, "large.json"), help="where to write the world")
args = parser.parse_args()
with open(os.path.join(here, "demo.json"), encoding="utf-8") as f:
    world = json.load(f)

world["about"] = ("Linkwright simulator large world: demo world plus generated RDS instances, "
                  f"{args.total:,} in total (make-large.py).")
ali = world["alibaba"]
zones = [("h", "cn-hangzhou-h", 16), ("i", "cn-hangzhou-i", 32), ("j", "cn-hangzhou-j", 48)]
for letter, zone, third in zones:
    ali["vswitches"].append({
        "VSwitchId": f"vsw-bp1large{letter}00000001", "VpcId": "vpc-bp1demo000000000001",
        "RegionId": "cn-hangzhou", "ZoneId": zone, "CidrBlock": f"172.16.{third}.0/20",
        "VSwitchName": f"lw-large-{letter}", "AvailableIpAddressCount": 2000,
    })

total = args.total
generated = total - len(ali["rds_instances"])
for n in range(generated):
    letter, zone, third = zones[n % 3]
    k = n // 3
    inst = {
        "DBInstanceId": f"rm-bp1large{n:07d}",
        "DBInstanceDescription": f"app-{n:04d}",
        "EngineVersion": "8.0" if n % 4 else "5.7",
        "ZoneId": zone,
        "VSwitchId": f"vsw-bp1large{letter}00000001",
        # Inside the vSwitch's /20 (k // 250 < 16 up to 5,000 instances, so large.json is unchanged).
        "IPAddress": f"172.16.{third + (k // 250) % 16}.{k % 250 + 1}",
    }
    if n % 50 == 7:
        inst["DBInstanceStatus"] = "Stopped"
    if n % 97 == 11:
        inst["InstanceNetworkType"] = "Classic"
        inst["VpcId"] = ""
        inst["VSwitchId"] = ""
    ali["rds_instances"].append(inst)

with open(args.output, "w", encoding="utf-8") as f:
    json.dump(world, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
