#!/usr/bin/env python3
"""Pareto fronts of a PE design-space sweep over latency, energy and PE-array area (docs/PES.md).

  python3 scripts/pe_pareto.py --points SWEEP.json
      prints the `mixsim area --point ...` arguments of every MixPE parameter point in the sweep
  python3 scripts/pe_pareto.py SWEEP.json AREA.json [AREA.json ...]
      joins each (point, PE) run of SWEEP.json (mixsim sweep) with the PE's standard-cell area
      from `mixsim area` documents (schema mixsim.area: fixed designs by name; schema
      mixsim.area-points: parameter points by label) and prints, per workload, the runs that no
      other run beats in latency, energy and array area (area = PE um^2 x rows x cols; column
      units, edge registers and SRAM are not counted). Exits 1 naming any run without area data.
Only the standard library is used.
"""
import json
import sys


def mixpe_label(values):
    """pe::mixpe_label of a sweep point's compare.0.pe values (defaults as in the config)."""
    bits = int(values.get("compare.0.pe.weight_bits", 4))
    act = values.get("compare.0.pe.activation", "int8")
    group = int(values.get("compare.0.pe.group", 128))
    sym = values.get("compare.0.pe.symmetric", True) in (True, "true")
    acc = values.get("compare.0.pe.accumulator_bits")
    if act == "int8" and acc is None:
        worst = 128 * ((1 << (bits - 1)) if sym else (1 << bits) - 1) * group
        acc = 2
        while (1 << (acc - 1)) - 1 < worst:
            acc += 1
    elif acc is None:
        acc = 32
    return "mixpe-w%d%s-g%d%s-acc%d" % (bits, "a8" if act == "int8" else "a16", group,
                                       "" if sym else "-asym", int(acc))


def point_arg(values):
    return "--point mixpe:weight_bits=%s,activation=%s,group=%s,symmetric=%s" % (
        values.get("compare.0.pe.weight_bits", 4), values.get("compare.0.pe.activation", "int8"),
        values.get("compare.0.pe.group", 128),
        "true" if values.get("compare.0.pe.symmetric", True) in (True, "true") else "false")


def load_areas(paths):
    areas = {}
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        if doc.get("schema") == "mixsim.area-points":
            for p in doc["points"]:
                areas[p["label"]] = p["area_um2"]
        elif doc.get("schema") == "mixsim.area":
            for name, entry in doc.get("pes", {}).items():
                if "area_um2" in entry:
                    areas[name] = entry["area_um2"]
        else:
            sys.exit("%s: not a mixsim area document (schema mixsim.area or mixsim.area-points)" % path)
    return areas


def array_of(values, sweep):
    array = values.get("hardware.array")
    if isinstance(array, dict):
        return int(array["rows"]), int(array["cols"])
    return int(values.get("hardware.array.rows", 32)), int(values.get("hardware.array.cols", 32))


def pareto(cands):
    front = []
    for c in cands:
        dominated = any(all(o[i] <= c["obj"][i] for i in range(3)) and o != c["obj"]
                        for o in (d["obj"] for d in cands))
        if not dominated:
            front.append(c)
    return sorted(front, key=lambda c: c["obj"])


def main(argv):
    if len(argv) == 3 and argv[1] == "--points":
        with open(argv[2]) as f:
            sweep = json.load(f)
        args = sorted({point_arg(p["values"]) for p in sweep["points"]})
        print(" ".join(args))
        return 0
    if len(argv) < 3:
        sys.exit(__doc__)
    with open(argv[1]) as f:
        sweep = json.load(f)
    areas = load_areas(argv[2:])
    groups, missing = {}, set()
    for p in sweep["points"]:
        rows, cols = array_of(p["values"], sweep)
        for r in p["runs"]:
            design = r["pe"]
            if design == "mixpe":
                design = mixpe_label(p["values"])
            elif design == "fp8-mac" and r["recipe"] == "fp8-e5m2":
                design = "fp8-mac-e5m2"
            elif design == "slim-mixed":
                design = "mixpe"  # the same datapath: the shipped mixpe_pe (4-bit register, G 128)
            if design not in areas:
                missing.add(design)
                continue
            area_mm2 = areas[design] * rows * cols * 1e-6
            groups.setdefault(r["workload"], []).append({
                "point": p["id"], "design": design, "array": "%dx%d" % (rows, cols),
                "obj": (r["latency_s"], r["energy_pj"], area_mm2)})
    if missing:
        sys.exit("no area data for: " + ", ".join(sorted(missing)))
    for workload, cands in sorted(groups.items()):
        # The fixed designs run identically at every point of the same array: keep one run per
        # (design, array, objectives), remembering how many points repeat it.
        unique = {}
        for c in cands:
            key = (c["design"], c["array"], c["obj"])
            if key in unique:
                unique[key]["repeats"] += 1
            else:
                unique[key] = dict(c, repeats=1)
        cands = list(unique.values())
        front = pareto(cands)
        print("## %s: %d of %d distinct runs on the front (latency, energy, PE-array area)" %
              (workload, len(front), len(cands)))
        print("| design | array | latency us | energy uJ | PE-array mm^2 | point |")
        print("|---|---|---:|---:|---:|---|")
        for c in front:
            lat, en, area = c["obj"]
            where = c["point"] + (" (+%d points, same run)" % (c["repeats"] - 1) if c["repeats"] > 1 else "")
            print("| %s | %s | %.2f | %.3f | %.4f | %s |" % (c["design"], c["array"], lat * 1e6,
                                                          en * 1e-6, area, where))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
