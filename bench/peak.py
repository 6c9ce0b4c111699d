#!/usr/bin/env python3
"""Runs a command and prints its wall time and the peak memory of its whole
process tree (the sum of every descendant's resident set, sampled every 10 ms):
GNU time's %M is the largest single process, not the tree.

    bench/peak.py COMMAND [ARG]...     -> "<seconds> <peak KiB>" on stderr's last line
"""
import os
import subprocess
import sys
import time


def tree_rss_kib(root):
    children = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(pid))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


start = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
while proc.poll() is None:
    peak = max(peak, tree_rss_kib(proc.pid))
    time.sleep(0.01)
print(f"{time.monotonic() - start:.3f} {peak}", file=sys.stderr)
sys.exit(proc.returncode)
