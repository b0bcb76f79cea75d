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
  if (auto v = s.optional_choice("travel_times", {"auto", "road", "straight"}))
    out.travel.source = *v;
  if (auto v = s.optional_time("at")) out.travel.at = *v;
  if (auto v = s.optional_double("max_snap_m", NumberRange::positive())) out.travel.max_snap_m = *v;
  if (auto v = s.optional_double("peak_speed_kmh", NumberRange::between(1, 200)))
    out.travel.peak_speed_kmh = *v;
  if (auto v = s.optional_double("detour_factor", NumberRange::between(1, 5)))
    out.travel.detour_factor = *v;
  if (auto v = s.optional_bool("heatmap")) d.heatmap = *v;
  if (auto v = s.optional_double("heatmap_cell_m", NumberRange::positive())) d.heatmap_cell_m = *v;
  if (auto v = s.optional_double("heatmap_max_road_distance_m", NumberRange::positive()))
    d.heatmap_max_road_distance_m = *v;
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
  const TravelChoice travel = make_travel_times(project, settings.travel, progress);
  DeployResult r = run_deployment(project, *travel.times, settings.settings, progress);
  if (!travel.note.empty()) r.summary["travel_times_note"] = travel.note;
  r.summary["scenario"] = scenario.name;
  write_deployment(r, project.info.crs, out_dir, progress);
  return r.summary;
}

}  // namespace huxiao::deploy
