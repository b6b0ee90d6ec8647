# Verdict table of a memory-technology sweep (configs/sweeps/memory_technology.yaml) for
# docs/MEMORY.md: per technology, phase and batch, mixpe latency and energy, the DRAM share of
# its energy, and speedup / energy ratio (baseline / mixpe) against each baseline.
#   python3 bench/sim/memory_sweep_table.py SWEEP_OUT/sweep.json
import json, sys
d = json.load(open(sys.argv[1]))
rows = []
for p in d['points']:
    tech = p['values']['hardware.dram.technology']; batch = p['values']['workload.phases.0.batch']
    by = {(r['phase'], r['pe']): r for r in p['runs']}
    for phase in ('decode', 'prefill'):
        if phase == 'prefill' and batch != 1: continue
        m = by[(phase, 'mixpe')]
        dram_share = m['energy_breakdown_pj']['dram'] / m['energy_pj']
        cells = []
        for base in ('dequant-mac', 'fp16-mac', 'int8-mac'):
            b = by[(phase, base)]
            cells.append(f"{b['latency_s']/m['latency_s']:.3f}x / {b['energy_pj']/m['energy_pj']:.3f}x")
        rows.append((tech, phase, batch, f"{m['latency_s']*1e3:.3f}", f"{m['energy_pj']/1e6:.1f}", f"{dram_share*100:.0f}%", *cells))
print("| technology | phase | batch | mixpe latency ms | mixpe energy uJ | DRAM share of mixpe energy | vs dequant-mac (speedup / energy) | vs fp16-mac | vs int8-mac |")
print("|---|---|---|---|---|---|---|---|---|")
for r in sorted(rows, key=lambda r: (r[1], ['ddr4','lpddr5','hbm3'].index(r[0]), r[2])):
    print("| " + " | ".join(str(x) for x in r) + " |")
