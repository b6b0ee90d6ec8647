#!/usr/bin/env python3
"""Writes rtl/lib/mixsim45.lib (Liberty, for Yosys dfflibmap/abc and OpenSTA) and
rtl/lib/mixsim45.json (the same per-cell power numbers for `mixsim area`) from the table below.

    python3 rtl/lib/gen_mixsim45.py        # rewrites both files next to this script
    python3 rtl/lib/gen_mixsim45.py DIR    # writes them into DIR instead (tests/rtl compares)

Source of the numbers: the NanGate FreePDK45 Open Cell Library, PDKv1_3_v2010_12,
NangateOpenCellLibrary_typical.lib (typical corner, 1.1 V, 25 C; time ns, cap fF, leakage nW),
X1 drive strength of each cell. Provenance per value (column `src` below):
  lib  - read from that .lib in this session (AND2_X1: area, leakage, pin caps, cell_rise/
         cell_fall tables; INV_X1: leakage; NAND2_X1: pin caps).
  site - cell area = placement sites x 0.266 um^2 (0.19 um site x 1.4 um row) as in the
         library's LEF/.lib; the site counts are the library's X1 footprints.
  est  - NOT read from the library: estimated from the `lib` cells by logical effort
         (Sutherland, Sproull, Harris, "Logical Effort", 1999): intrinsic delay =
         parasitic p x TAU, drive resistance = effort g x R_UNIT, leakage = LEAK_DENSITY x area.
TAU and R_UNIT are fitted to AND2_X1's tables (a NAND2 + INV stage pair: intrinsic 0.022 ns at
light load, output slope 0.0013 ns/fF fall, 0.0025 ns/fF rise), LEAK_DENSITY to INV_X1 and
AND2_X1 (27.0 and 23.6 nW/um^2). Energies per output toggle are estimates (column comment).
This is a small model of the library, not the library: no drive strengths beyond X1, one delay
surface for rise and fall, no state-dependent leakage.
"""
import json
import os
import sys

TAU = 0.0072          # ns, parasitic delay unit (AND2_X1: 0.022 ns = (2 + 1) x TAU)
R_UNIT = 0.0019       # ns/fF, X1 inverter drive (mean of AND2_X1's 0.0013 fall / 0.0025 rise)
SLEW_COEF = 0.25      # ns per ns of input transition (AND2_X1: +0.053 ns over 0.197 ns slew)
LEAK_DENSITY = 25.3   # nW/um^2 (mean of INV_X1 27.0 and AND2_X1 23.6)
VDD = 1.1
# Energy per output transition inside the cell (fJ): 0.5 x C_internal x VDD^2 with C_internal
# estimated as 1.2 fF per um^2 of cell (diffusion + gate of internal nodes); the load's
# 0.5 C_load VDD^2 is added by `mixsim area` from the fanout pin caps (est).
E_INTERNAL_PER_UM2 = 0.5 * 1.2 * VDD * VDD

# name, area um^2, inputs {pin: cap fF}, output, function, parasitic p, effort g, src notes
CELLS = [
    ("INV_X1", 0.532, {"A": 1.70}, "ZN", "!A", 1.0, 1.0, "area site, leak lib 14.35 nW, cap est"),
    ("BUF_X1", 0.798, {"A": 0.97}, "Z", "A", 2.0, 1.0, "area site, rest est"),
    ("NAND2_X1", 0.798, {"A1": 1.599, "A2": 1.664}, "ZN", "!(A1 & A2)", 2.0, 4 / 3,
     "area site, caps lib, rest est"),
    ("NAND3_X1", 1.064, {"A1": 1.59, "A2": 1.62, "A3": 1.65}, "ZN", "!(A1 & A2 & A3)", 3.0, 5 / 3,
     "area site, rest est"),
    ("NOR2_X1", 0.798, {"A1": 1.71, "A2": 1.65}, "ZN", "!(A1 | A2)", 2.0, 5 / 3,
     "area site, rest est"),
    ("NOR3_X1", 1.064, {"A1": 1.76, "A2": 1.72, "A3": 1.66}, "ZN", "!(A1 | A2 | A3)", 3.0, 7 / 3,
     "area site, rest est"),
    ("AND2_X1", 1.064, {"A1": 0.918, "A2": 0.975}, "ZN", "(A1 & A2)", 3.0, 1.0,
     "all lib (delay fit of cell_rise/cell_fall, leak 25.07 nW)"),
    ("OR2_X1", 1.064, {"A1": 0.95, "A2": 0.92}, "ZN", "(A1 | A2)", 3.5, 1.0, "area site, rest est"),
    ("XOR2_X1", 1.596, {"A": 2.23, "B": 2.41}, "Z", "(A ^ B)", 4.0, 2.0, "area site, rest est"),
    ("XNOR2_X1", 1.596, {"A": 2.22, "B": 2.57}, "ZN", "!(A ^ B)", 4.0, 2.0, "area site, rest est"),
    ("AOI21_X1", 1.064, {"A": 1.63, "B1": 1.65, "B2": 1.68}, "ZN", "!(A | (B1 & B2))", 3.0, 2.0,
     "area site, rest est"),
    ("OAI21_X1", 1.064, {"A": 1.67, "B1": 1.62, "B2": 1.57}, "ZN", "!(A & (B1 | B2))", 3.0, 2.0,
     "area site, rest est"),
    ("MUX2_X1", 1.862, {"A": 0.95, "B": 0.94, "S": 1.92}, "Z", "((S & B) | (A & !S))", 4.5, 1.0,
     "area site, rest est"),
]
# DFF_X1: area site (17 sites); clock-to-Q, setup and energies est.
DFF = {"name": "DFF_X1", "area": 4.522, "d_cap": 1.14, "ck_cap": 0.95,
       "clk_to_q": 0.085, "setup": 0.035, "hold": 0.005, "p_out": 1.0,
       "clock_energy_fj": 2.5, "note": "area site, rest est"}

SLEWS = (0.005, 0.2)
LOADS = (0.4, 60.0)


def delay(p, g, slew, load):
    return p * TAU + SLEW_COEF * slew + g * R_UNIT * load


def transition(g, load):
    return 0.005 + 2.0 * g * R_UNIT * load


def table(name, fn):
    rows = ", ".join('"%s"' % ", ".join("%.5f" % fn(s, c) for c in LOADS) for s in SLEWS)
    return "      %s (delay_2x2) { values (%s); }\n" % (name, rows)


def cell_text(name, area, pins, out, func, p, g, note):
    leak = LEAK_DENSITY * area
    s = "  /* %s: %s */\n" % (name, note)
    s += "  cell (%s) {\n    area : %.3f;\n    cell_leakage_power : %.3f;\n" % (name, area, leak)
    for pin, cap in pins.items():
        s += "    pin (%s) { direction : input; capacitance : %.3f; }\n" % (pin, cap)
    s += "    pin (%s) {\n      direction : output;\n      function : \"%s\";\n" % (out, func)
    for pin in pins:
        sense = "non_unate" if ("^" in func or pin == "S") else (
            "negative_unate" if func.startswith("!") else "positive_unate")
        s += "      timing () {\n      related_pin : \"%s\";\n      timing_sense : %s;\n" % (pin, sense)
        for arc in ("cell_rise", "cell_fall"):
            s += table(arc, lambda sl, c: delay(p, g, sl, c))
        for arc in ("rise_transition", "fall_transition"):
            s += table(arc, lambda sl, c: transition(g, c))
        s += "      }\n"
    s += "    }\n  }\n"
    return s


def dff_text(d):
    s = "  /* %s: %s */\n" % (d["name"], d["note"])
    s += "  cell (%s) {\n    area : %.3f;\n    cell_leakage_power : %.3f;\n" % (
        d["name"], d["area"], LEAK_DENSITY * d["area"])
    s += "    ff (IQ, IQN) { next_state : \"D\"; clocked_on : \"CK\"; }\n"
    s += "    pin (D) {\n      direction : input; capacitance : %.3f;\n" % d["d_cap"]
    for kind, val in (("setup_rising", d["setup"]), ("hold_rising", d["hold"])):
        s += "      timing () {\n      related_pin : \"CK\";\n      timing_type : %s;\n" % kind
        for arc in ("rise_constraint", "fall_constraint"):
            s += "      %s (scalar) { values (\"%.4f\"); }\n" % (arc, val)
        s += "      }\n"
    s += "    }\n"
    s += "    pin (CK) { direction : input; clock : true; capacitance : %.3f; }\n" % d["ck_cap"]
    s += "    pin (Q) {\n      direction : output;\n      function : \"IQ\";\n"
    s += "      timing () {\n      related_pin : \"CK\";\n      timing_type : rising_edge;\n"
    for arc in ("cell_rise", "cell_fall"):
        s += table(arc, lambda sl, c: d["clk_to_q"] + R_UNIT * c)
    for arc in ("rise_transition", "fall_transition"):
        s += table(arc, lambda sl, c: transition(1.0, c))
    s += "      }\n    }\n  }\n"
    return s


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    lib = ["/* mixsim45: a small Liberty model of the NanGate FreePDK45 Open Cell Library (typical,",
           "   1.1 V, 25 C), X1 cells only. GENERATED by rtl/lib/gen_mixsim45.py, which documents",
           "   every number's source (read from the library, site area, or logical-effort estimate).",
           "   Do not edit by hand. */",
           "library (mixsim45) {",
           "  technology (cmos);",
           "  delay_model : table_lookup;",
           "  time_unit : \"1ns\";",
           "  voltage_unit : \"1V\";",
           "  current_unit : \"1mA\";",
           "  pulling_resistance_unit : \"1kohm\";",
           "  leakage_power_unit : \"1nW\";",
           "  capacitive_load_unit (1, ff);",
           "  nom_process : 1.0;",
           "  nom_voltage : %.2f;" % VDD,
           "  nom_temperature : 25.0;",
           "  input_threshold_pct_rise : 50;",
           "  input_threshold_pct_fall : 50;",
           "  output_threshold_pct_rise : 50;",
           "  output_threshold_pct_fall : 50;",
           "  slew_lower_threshold_pct_rise : 30;",
           "  slew_lower_threshold_pct_fall : 30;",
           "  slew_upper_threshold_pct_rise : 70;",
           "  slew_upper_threshold_pct_fall : 70;",
           "  default_max_transition : 0.2;",
           "  lu_table_template (delay_2x2) {",
           "    variable_1 : input_net_transition;",
           "    variable_2 : total_output_net_capacitance;",
           "    index_1 (\"%s\");" % ", ".join(str(s) for s in SLEWS),
           "    index_2 (\"%s\");" % ", ".join(str(c) for c in LOADS),
           "  }"]
    text = "\n".join(lib) + "\n"
    power = {"library": "mixsim45", "vdd": VDD, "source": "rtl/lib/gen_mixsim45.py", "cells": {}}
    for name, area, pins, out, func, p, g, note in CELLS:
        text += cell_text(name, area, pins, out, func, p, g, note)
        power["cells"][name] = {"area_um2": area, "leakage_nw": round(LEAK_DENSITY * area, 4),
                                "internal_fj_per_toggle": round(E_INTERNAL_PER_UM2 * area, 4),
                                "input_cap_ff": round(sum(pins.values()) / len(pins), 4),
                                "clock_fj_per_cycle": 0.0}
    text += dff_text(DFF)
    power["cells"][DFF["name"]] = {"area_um2": DFF["area"],
                                   "leakage_nw": round(LEAK_DENSITY * DFF["area"], 4),
                                   "internal_fj_per_toggle": round(E_INTERNAL_PER_UM2 * 2.0, 4),
                                   "input_cap_ff": DFF["d_cap"],
                                   "clock_fj_per_cycle": DFF["clock_energy_fj"]}
    text += "}\n"
    with open(os.path.join(here, "mixsim45.lib"), "w") as f:
        f.write(text)
    with open(os.path.join(here, "mixsim45.json"), "w") as f:
        json.dump(power, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
