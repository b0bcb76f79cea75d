#include "evac/scenario_section.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::evac {

namespace {

BuildingTemplate parse_template(scenario::Section& s) {
  using scenario::NumberRange;
  BuildingTemplate t;
  t.floors = s.optional_int("floors", NumberRange::between(1, 30)).value_or(t.floors);
  t.classrooms_per_floor = s.optional_int("classes_per_floor", NumberRange::between(1, 40))
                               .value_or(t.classrooms_per_floor);
  t.class_size = s.optional_int("class_size", NumberRange::between(1, 80)).value_or(t.class_size);
  t.corridor_width =
      s.optional_double("corridor_width", NumberRange::between(1.2, 10)).value_or(t.corridor_width);
  t.stairwells = s.optional_int("stairwells", NumberRange::between(1, 2)).value_or(t.stairwells);
  t.stair_width =
      s.optional_double("stair_width", NumberRange::between(0.9, 5)).value_or(t.stair_width);
  t.exits = s.optional_int("exits", NumberRange::between(1, 40)).value_or(t.exits);
  t.exit_width =
      s.optional_double("exit_width", NumberRange::between(0.5, 10)).value_or(t.exit_width);
  t.release_per_floor =
      s.optional_double("release_per_floor", NumberRange::non_negative()).value_or(0.0);
  if (const auto age = s.optional_choice("age", {"primary", "junior", "senior", "adult"}))
    t.age = *parse_age_group(*age);
  return t;
}

EvacSection parse(scenario::Section& s) {
  using scenario::NumberRange;
  EvacSection e;
  e.plan = s.optional_path("plan", true);
  if (auto t = s.optional_section("template")) e.building = parse_template(*t);
  if (auto c = s.optional_section("cad")) e.cad = parse_cad_mapping(*c);
  if (e.plan.has_value() == e.building.has_value())
    s.fail_here(
        e.plan ? "both `plan` and `template` are given" : "neither `plan` nor `template` is given",
        "give a floor plan file (plan: FILE) or the template's numbers (template: {floors: 4, "
        "...})");
  if (const auto m = s.optional_choice("model", {"csm", "sfm"}))
    e.drill.simulation.model = *parse_model(*m);
  if (const auto close = s.optional_string_list("close")) {
    for (const std::string& c : *close) {
      try {
        e.drill.simulation.closures.push_back(parse_closure(c));
      } catch (const Error& err) {
        s.fail("close", err.problem(), "write NAME@SECONDS, e.g. stair-E@0");
      }
    }
  }
  if (const auto pre = s.optional_as("premovement", "a distribution such as uniform:20:60",
                                     [](std::string_view t) { return parse_distribution(t); }))
    e.drill.population.premovement = *pre;
  if (const auto seed = s.optional_int("seed", NumberRange::non_negative())) {
    e.drill.simulation.seed = static_cast<std::uint64_t>(*seed);
    e.drill.population.seed = static_cast<std::uint64_t>(*seed);
  }
  e.drill.trajectory_fps = s.optional_double("trajectory_fps", NumberRange::between(0, 100))
                               .value_or(e.drill.trajectory_fps);
  e.drill.simulation.max_time =
      s.optional_double("max_time", NumberRange::positive()).value_or(e.drill.simulation.max_time);
  e.output = s.optional_string("output").value_or(e.output);
  return e;
}

}  // namespace

void register_section(scenario::SectionRegistry& registry) {
  // add_erased rather than add<>: add's template trips -Wshadow in section.hpp when instantiated.
  registry.add_erased(kSectionName, [](scenario::Section& s) { return std::any(parse(s)); });
}

DrillReport run_section(const scenario::Scenario& scenario, const EvacSection& section,
                        Progress& progress) {
  const Plan plan = section.plan ? read_plan(*section.plan, section.cad ? &*section.cad : nullptr)
                                 : make_teaching_building(*section.building);
  return run_drill(plan, section.drill, scenario.output / section.output, progress);
}

}  // namespace huxiao::evac
