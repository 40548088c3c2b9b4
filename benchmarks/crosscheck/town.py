#!/usr/bin/python3
"""Baturaja's traffic in an ogan results file: the town's speed by hour and its busiest links.

    town.py RESULTS.h5 [--radius-km 4] [--hour 6] [--top 12]

Town links: midpoint within --radius-km of the old centre by Jembatan Ogan I (Pasar Baru,
104.1650 E 4.1265 S = 407,321 E 9,543,841 N in EPSG:32748, the CRS of the baseline). Speed:
vehicle-kilometres over vehicle-hours of the vehicles leaving each link. Busiest links: hourly pcu
entering over capacity in the hour --hour. Used for docs/validation.md. Needs python3-h5py and
python3-numpy.
"""

import argparse
import sys

import h5py
import numpy as np

CENTRE = (407321.4, 9543841.3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--radius-km", type=float, default=4.0)
    ap.add_argument("--hour", type=int, default=6)
    ap.add_argument("--top", type=int, default=12)
    a = ap.parse_args()
    try:
        f = h5py.File(a.results, "r")
    except OSError as e:
        print(f"town.py: {a.results}: {e}", file=sys.stderr)
        return 2
    with f:
        crs = f.attrs.get("crs", b"")
        crs = crs.decode() if isinstance(crs, bytes) else str(crs)
        if '"EPSG","32748"]]' not in crs.replace(" ", ""):
            print(f"town.py: {a.results}: the network is not in EPSG:32748 (UTM 48S)",
                  file=sys.stderr)
            return 2
        links = f["/network/links"]
        fr, to = links["from_node"][()], links["to_node"][()]
        nx, ny = f["/network/nodes/x"][()], f["/network/nodes/y"][()]
        length, cap = links["length_m"][()], links["capacity_pcu_h"][()]
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in links["name"][()]]
        veh = f["/traffic/links/volume_veh"][()].sum(axis=2)
        tt = f["/traffic/links/mean_travel_time_s"][()]
        pcu = f["/traffic/links/volume_pcu"][()]
        per_hour = int(round(3600 / float(f["/time/interval_start_s"].attrs.get("interval_s", 900))))
    mx, my = (nx[fr] + nx[to]) / 2, (ny[fr] + ny[to]) / 2
    town = np.hypot(mx - CENTRE[0], my - CENTRE[1]) < a.radius_km * 1000

    def speed(mask, i0, i1):
        vkm = (veh[i0:i1][:, mask] * length[mask]).sum() / 1000
        vh = (veh[i0:i1][:, mask] * tt[i0:i1][:, mask]).sum() / 3600
        return vkm / vh if vh > 0 else float("nan")

    print(f"{int(town.sum())} town links (midpoint within {a.radius_km:g} km of Pasar Baru)")
    for h in range(5, 10):
        print(f"  {h:02d}:00-{h + 1:02d}:00  town {speed(town, h * per_hour, (h + 1) * per_hour):5.1f}"
              f" km/h, network {speed(np.ones_like(town), h * per_hour, (h + 1) * per_hour):5.1f} km/h")
    print(f"  whole day     town {speed(town, 0, veh.shape[0]):5.1f} km/h")
    hv = pcu[a.hour * per_hour:(a.hour + 1) * per_hour].sum(axis=0)
    vc = hv / np.maximum(cap, 1e-9)
    print(f"busiest links, {a.hour:02d}:00-{a.hour + 1:02d}:00 (pcu/h over capacity):")
    for l in np.argsort(-vc)[:a.top]:
        print(f"  {names[l] or '(unnamed)':45.45s} v/c {vc[l]:.2f}  {hv[l]:6.0f} pcu/h  "
              f"capacity {cap[l]:5.0f}  {'town' if town[l] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
