#!/usr/bin/env python3
"""A Spark event log per job: wall, task time and CPU, GC, bytes read, shuffled and written.
Usage: jobs/eventlog-summary.py EVENT_LOG_FILE_OR_DIR [MIN_WALL_S]   (jobs under MIN_WALL_S, default 0.5, summed only)
       jobs/eventlog-summary.py --stages EVENT_LOG_FILE_OR_DIR
  --stages: per run (a run starts at its first stage's first job), per stage of the run: its Spark
  jobs, their summed wall time, and the driver's time between them (planning, Delta's log, commits).
  Jobs outside a stage (session, lease, run log) count in the run before them: a run's row holds its
  own tail and the next run's head, the last run's its tail only."""
import json, sys, os, glob, collections, re
stages = sys.argv[1] == "--stages"
if stages: sys.argv.pop(1)
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
if stages:
    FIRST = "read reference data and census"
    def stage(desc):  # "Delta: uptake: clean ...: Filtering files" -> "clean ..."
        m = re.search(r"uptake: (.*?)(?::| - |$)", desc or "")
        return m.group(1) if m else "(outside a stage: session, lease, run log)"
    runs, prev = [], None
    for i, j in sorted(jobs.items(), key=lambda kv: kv[1]["start"]):
        st = stage(j["desc"])
        if st == FIRST and (prev is None or stage(prev["desc"]) != FIRST): runs.append([])
        if runs: runs[-1].append(j)
        prev = j
    for n, run in enumerate(runs, 1):
        per = collections.OrderedDict(); last = run[0]["start"]
        for j in run:
            a = per.setdefault(stage(j["desc"]), [0, 0.0, 0.0])
            end = j["end"] or j["start"]  # a job the log never saw end (a killed run)
            a[0] += 1; a[1] += (end - j["start"]) / 1e3; a[2] += max(0, j["start"] - last) / 1e3
            last = max(last, end)
        span = (last - run[0]["start"]) / 1e3
        print(f'run {n}: {len(run)} jobs over {span:.1f} s (first job to last)')
        print(f'  {"jobs":>5} {"in jobs":>8} {"between":>8}  stage')
        for k, (c, w, g) in per.items(): print(f'  {c:5d} {w:7.2f}s {g:7.2f}s  {k}')
        print(f'  {sum(v[0] for v in per.values()):5d} {sum(v[1] for v in per.values()):7.2f}s {sum(v[2] for v in per.values()):7.2f}s  all')
    sys.exit(0)
M = 1 << 20
print(f'{"job":>4} {"at":>7} {"wall":>6} {"task":>7} {"cpu":>7} {"gc":>5} {"in MB":>7} {"shW MB":>7} {"shR MB":>7} {"out MB":>7}  description')
tot = collections.Counter()
for i, j in sorted(jobs.items()):
    w = ((j["end"] or j["start"]) - j["start"]) / 1e3
    tot["wall"] += w; tot["run"] += j["run"] / 1e3; tot["cpu"] += j["cpu"] / 1e3
    if w < minw: continue
    print(f'{i:>4} {(j["start"]-t0)/1e3:7.1f} {w:6.1f} {j["run"]/1e3:7.1f} {j["cpu"]/1e3:7.1f} {j["gc"]/1e3:5.1f} {j["inp"]/M:7.0f} {j["sw"]/M:7.0f} {j["sr"]/M:7.0f} {j["out"]/M:7.0f}  {j["desc"][:70]}')
print(f'jobs {len(jobs)}, sum wall {tot["wall"]:.1f} s, task {tot["run"]:.1f} s, cpu {tot["cpu"]:.1f} s')
