#!/usr/bin/env python3
"""Prints the tests a Swift Testing run started and never ended, from its event stream
(`swift test --event-stream-output-path FILE --event-stream-version 0`). scripts/test calls it when
the run outlives its deadline, so a hang names its tests instead of stopping CI without a word."""
import json
import sys

started, ended = {}, set()
first = None
with open(sys.argv[1], encoding="utf-8", errors="replace") as stream:
    for line in stream:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("kind") != "event":
            continue
        payload = record["payload"]
        kind, when = payload.get("kind"), payload.get("instant", {}).get("absolute", 0.0)
        if first is None:
            first = when
        if kind == "testStarted":
            started[payload["testID"]] = when
        elif kind == "testEnded":
            ended.add(payload["testID"])

still = [(when, test) for test, when in started.items() if test not in ended]
# Suites stay open while any of their tests does; list the tests themselves.
tests = [(when, test) for when, test in still if "/" in test] or still
for when, test in sorted(tests):
    print(f"  still running since {when - (first or when):7.1f} s: {test}")
if not tests:
    print("  none: every test that started has ended (the hang is outside a test)")
