#pragma once
// The merged result of a sweep (DIR/sweep.json, schema "mixsim.sweep" version 1): every point's
// axis values and per-run totals, plus Pareto fronts over (latency, energy, area). It depends
// only on the sweep file and the points' results.json files, in point order, so a sweep run in
// one go, resumed after a kill, or spread over MPI ranks gives the same bytes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/sweep/sweep_points.hpp"

namespace mixsim::sweep {

// `results[i]` is the parsed results.json of points[i]. Throws SweepError naming the point
// when a results file lacks a field the merge needs.
nlohmann::ordered_json merge_sweep(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                                   const std::vector<nlohmann::json>& results);

// JSON value of a YAML value: integers, floats and booleans as numbers/booleans, the rest as
// strings; lists and maps recursively.
nlohmann::ordered_json yaml_to_json(const YAML::Node& node);

// Indices of the candidates no other candidate dominates (<= in every objective, < in one).
// Objectives are minimized; `objectives[i]` are candidate i's values.
std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& objectives);

}  // namespace mixsim::sweep
