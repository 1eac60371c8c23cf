#!/usr/bin/env python3
# Generates large.json from demo.json: the same accounts, regions, VPC and TiDB side, the five
# demo instances, and enough generated RDS instances for 5,000 in total (scale target of
# product.md §6). Deterministic, so the committed file only changes when this script does.
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "demo.json"), encoding="utf-8") as f:
    world = json.load(f)

world["about"] = "Linkwright simulator large world: demo world plus generated RDS instances, 5,000 in total (make-large.py)."
ali = world["alibaba"]
zones = [("h", "cn-hangzhou-h", 16), ("i", "cn-hangzhou-i", 32), ("j", "cn-hangzhou-j", 48)]
for letter, zone, third in zones:
    ali["vswitches"].append({
        "VSwitchId": f"vsw-bp1large{letter}00000001", "VpcId": "vpc-bp1demo000000000001",
        "RegionId": "cn-hangzhou", "ZoneId": zone, "CidrBlock": f"172.16.{third}.0/20",
        "VSwitchName": f"lw-large-{letter}", "AvailableIpAddressCount": 2000,
    })

total = 5000
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
        "IPAddress": f"172.16.{third + k // 250}.{k % 250 + 1}",
    }
    if n % 50 == 7:
        inst["DBInstanceStatus"] = "Stopped"
    if n % 97 == 11:
        inst["InstanceNetworkType"] = "Classic"
        inst["VpcId"] = ""
        inst["VSwitchId"] = ""
    ali["rds_instances"].append(inst)

with open(os.path.join(here, "large.json"), "w", encoding="utf-8") as f:
    json.dump(world, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
