#include "deploy/scenario_section.hpp"

#include "store/project_store.hpp"

namespace huxiao::deploy {

using scenario::NumberRange;

ScenarioSettings parse_section(scenario::Section& s) {
  ScenarioSettings out;
  DeploySettings& d = out.settings;
  if (auto v = s.optional_choice("model", {"mclp", "pmedian", "pcenter", "lscp"})) d.model = *v;
  if (auto v = s.optional_int("posts", NumberRange::non_negative())) d.new_posts = *v;
  if (auto v = s.optional_int("max_posts", NumberRange::non_negative())) d.max_new_posts = *v;
  if (auto v = s.optional_double("threshold_min", NumberRange::positive()))
    d.coverage_threshold_min = *v;
  if (auto v = s.optional_double_list("thresholds_min")) {
    for (double t : *v) {
      if (!(t > 0))
        s.fail("thresholds_min", "every response threshold must be > 0 minutes", "e.g. [1, 3, 5]");
    }
    if (v->empty()) s.fail("thresholds_min", "give at least one threshold", "e.g. [1, 3, 5]");
    d.thresholds_min = *v;
  }
  if (auto v = s.optional_int("capacity", NumberRange::non_negative())) d.capacity = *v;
  if (auto v = s.optional_double("backup_weight", NumberRange::between(0, 1))) d.backup_weight = *v;
  if (auto v = s.optional_double("candidate_radius_m", NumberRange::positive()))
    d.candidate_radius_m = *v;
  if (auto v = s.optional_bool("keep_existing_police")) d.existing_police_fixed = *v;
  if (auto v = s.optional_bool("include_universities")) d.include_universities = *v;
  if (auto v = s.optional_int("officers", NumberRange::non_negative())) d.officers = *v;
  if (auto v = s.optional_int("window_before_min", NumberRange::between(0, 180)))
    d.window_before_min = *v;
  if (auto v = s.optional_int("window_after_min", NumberRange::between(0, 180)))
    d.window_after_min = *v;
  if (auto v = s.optional_double("time_limit_s", NumberRange::positive())) d.time_limit_s = *v;
  if (auto v = s.optional_double("peak_speed_kmh", NumberRange::between(1, 200)))
    out.peak_speed_kmh = *v;
  if (auto v = s.optional_double("detour_factor", NumberRange::between(1, 5)))
    out.detour_factor = *v;
  return out;
}

void register_section(scenario::SectionRegistry& registry) {
  registry.add(std::string(kSectionName), [](scenario::Section& s) { return parse_section(s); });
}

nlohmann::json run_scenario_deploy(const scenario::Scenario& scenario,
                                   const ScenarioSettings& settings,
                                   const std::filesystem::path& store,
                                   const std::filesystem::path& out_dir, Progress& progress) {
  const model::Project project = store::read_project(store, {}, progress);
  // Road travel times plug in here once engine/network/ provides a TravelTimes.
  const StraightLineTravelTimes travel(settings.peak_speed_kmh, settings.detour_factor);
  DeployResult r = run_deployment(project, travel, settings.settings, progress);
  r.summary["scenario"] = scenario.name;
  write_deployment(r, project.info.crs, out_dir, progress);
  return r.summary;
}

}  // namespace huxiao::deploy
