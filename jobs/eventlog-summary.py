#!/usr/bin/env python3
"""A Spark event log per job: wall, task time and CPU, GC, bytes read, shuffled and written.
Usage: jobs/eventlog-summary.py EVENT_LOG_FILE_OR_DIR [MIN_WALL_S]   (jobs under MIN_WALL_S, default 0.5, summed only)"""
import json, sys, os, glob, collections
p = sys.argv[1]
f = p if os.path.isfile(p) else max(glob.glob(p + "/*"), key=os.path.getmtime)
minw = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
jobs = {}; stage_job = {}; t_app = None
for line in open(f):
    e = json.loads(line); ev = e["Event"]
    if ev == "SparkListenerApplicationStart": t_app = e["Timestamp"]
    elif ev == "SparkListenerJobStart":
        d = (e.get("Properties") or {}).get("spark.job.description") or (e.get("Properties") or {}).get("callSite.short", "")
        jobs[e["Job ID"]] = dict(desc=d, start=e["Submission Time"], end=None, run=0, cpu=0, inp=0, sr=0, sw=0, out=0, gc=0, tasks=0)
        for s in e["Stage IDs"]: stage_job[s] = e["Job ID"]
    elif ev == "SparkListenerJobEnd": jobs[e["Job ID"]]["end"] = e["Completion Time"]
    elif ev == "SparkListenerTaskEnd":
        j = jobs.get(stage_job.get(e["Stage ID"]));
        m = e.get("Task Metrics")
        if j is None or not m: continue
        j["tasks"] += 1; j["run"] += m["Executor Run Time"]; j["cpu"] += m["Executor CPU Time"] / 1e6
        j["gc"] += m["JVM GC Time"]
        j["inp"] += m["Input Metrics"]["Bytes Read"]; j["out"] += m["Output Metrics"]["Bytes Written"]
        j["sr"] += m["Shuffle Read Metrics"]["Remote Bytes Read"] + m["Shuffle Read Metrics"]["Local Bytes Read"]
        j["sw"] += m["Shuffle Write Metrics"]["Shuffle Bytes Written"]
t0 = t_app or min(j["start"] for j in jobs.values())
M = 1 << 20
print(f'{"job":>4} {"at":>7} {"wall":>6} {"task":>7} {"cpu":>7} {"gc":>5} {"in MB":>7} {"shW MB":>7} {"shR MB":>7} {"out MB":>7}  description')
tot = collections.Counter()
for i, j in sorted(jobs.items()):
    w = ((j["end"] or j["start"]) - j["start"]) / 1e3
    tot["wall"] += w; tot["run"] += j["run"] / 1e3; tot["cpu"] += j["cpu"] / 1e3
    if w < minw: continue
    print(f'{i:>4} {(j["start"]-t0)/1e3:7.1f} {w:6.1f} {j["run"]/1e3:7.1f} {j["cpu"]/1e3:7.1f} {j["gc"]/1e3:5.1f} {j["inp"]/M:7.0f} {j["sw"]/M:7.0f} {j["sr"]/M:7.0f} {j["out"]/M:7.0f}  {j["desc"][:70]}')
print(f'jobs {len(jobs)}, sum wall {tot["wall"]:.1f} s, task {tot["run"]:.1f} s, cpu {tot["cpu"]:.1f} s')
