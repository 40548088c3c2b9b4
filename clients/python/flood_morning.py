#!/usr/bin/env python3
"""A flood morning driven from Python (docs/serve.md): an ordinary weekday (the baseline) at a
5 % sample on which the Ogan rises during the morning. At 09:00 Jembatan Ogan I is closed; the
queues of the civil registry (Disdukcapil OKU) and of the public service mall (Mal Pelayanan
Publik OKU, which also takes civil-registry visits) are printed every 15 minutes until 12:00,
then the day runs to its end into a results file.

Why the baseline and not scenarios/flood_2024.yaml: that scenario is the whole day of 7 May 2024
flooded from the start, and both offices lie in the flooded kelurahan, so they are closed for the
day and have no queue to watch (run it with --scenario to see; the script then says so).

    python3 clients/python/flood_morning.py [-o out/flood_morning.h5] [--sample 0.05]
                                            [--scenario scenarios/flood_2024.yaml]

Needs a built ogan ($OGAN, build/engine/ogan or ogan on PATH) and the generated data
(data/baturaja/oku.gpkg, ./scripts/baseline makes both).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ogan_client import Ogan, OganError  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OFFICES = ("Disdukcapil OKU", "Mal Pelayanan Publik OKU")
BRIDGE = "Jembatan Ogan I"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-o", "--output", default=os.path.join(ROOT, "out", "flood_morning.h5"))
    p.add_argument("--sample", default="0.05")
    p.add_argument("--threads", default=None)
    p.add_argument("--scenario", default=os.path.join(ROOT, "scenarios", "baseline.yaml"))
    a = p.parse_args()
    scenario = os.path.abspath(a.scenario)
    options = ["--sample", a.sample] + (["--threads", a.threads] if a.threads else [])
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)

    print(f"starting {os.path.relpath(scenario, ROOT)} at sample {a.sample} "
          "(warm-up iterations first; the log goes to stderr)", flush=True)
    with Ogan.spawn(scenario, *options) as day:
        print(f"ready: {day.ready['scenario']}, {day.ready['links']} links, "
              f"clock {day.ready['time']}")
        day.advance(to="09:00")
        for link in day.link(name=BRIDGE):
            print(f"09:00 {BRIDGE} (link {link['id']}): {link['volume_today']:.0f} vehicles so "
                  f"far today, {link['pcu']:.1f} pcu on it")
        closed = day.close_road(BRIDGE)
        print(f"09:00 closing {BRIDGE}: {len(closed[0]['links'])} link(s)")

        offices = []
        for name in OFFICES:
            try:
                day.facility(name=name)
                offices.append(name)
            except OganError:
                print(f"{name}: not in this run's facilities (closed for the day, e.g. flooded)")
        print(f"\n{'time':>5}  {'office':<26} {'waiting':>8} {'arrived':>8} {'served':>8} servers")
        minutes = 9 * 60
        while minutes <= 12 * 60:
            t = f"{minutes // 60:02d}:{minutes % 60:02d}"
            day.advance(to=t)
            for name in offices:
                for f in day.facility(name=name):
                    print(f"{t:>5}  {name:<26} {f['waiting']:8.0f} {f['arrivals']:8.0f} "
                          f"{f['served']:8.0f} {f['servers']:7d}")
            minutes += 15

        kpis = day.finish(os.path.abspath(a.output))
        print(f"\nresults: {a.output}")
        for name in ("mean_network_speed", "total_delay", "cancelled_trips",
                     "mean_wait_civil_registry", "visits_civil_registry"):
            if name in kpis:
                print(f"  {name:<28} {kpis[name]:.4g}")
        day.quit()


if __name__ == "__main__":
    try:
        main()
    except OganError as e:
        sys.exit(f"ogan serve: {e}")
