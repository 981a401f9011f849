"""What Linux's /proc says about another process: its CPU time and its resident memory."""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
UTIME = 14  # /proc/<pid>/stat fields, numbered from 1 as in proc(5)
STIME = 15


def cpu_seconds(pid: int) -> float:
    """The CPU time the process has used so far, all its threads, user and system."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # field 2 is the command in parentheses and may hold spaces; field 3 follows its ")"
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[UTIME - 3]) + int(fields[STIME - 3])) / CLOCK_TICKS


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0]) / 1024  # kB
    raise LookupError(f"no {key} in /proc/{pid}/status")


def rss_mb(pid: int) -> float:
    """The process's resident memory now (VmRSS), in MB."""
    return _status_mb(pid, "VmRSS")


def peak_rss_mb(pid: int) -> float:
    """The most resident memory the process has had so far (VmHWM), in MB."""
    return _status_mb(pid, "VmHWM")
