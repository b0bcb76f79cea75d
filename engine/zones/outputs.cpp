// The output layers and totals of the safety-zone audit.
#include <map>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>

#include "zones/safety_zones.hpp"

namespace huxiao::zones {
namespace {

using model::ColumnType;
using model::Value;

struct FeatureInfo {
  std::string id, name, category;
};

FeatureInfo feature_info(const model::Project& p, FeatureLayer layer, std::size_t i) {
  switch (layer) {
    case FeatureLayer::kPois:
      return {p.pois[i].id, p.pois[i].name, std::string(model::to_string(p.pois[i].category))};
    case FeatureLayer::kWater:
      return {p.water[i].id, p.water[i].name, std::string(model::to_string(p.water[i].kind))};
    case FeatureLayer::kWaterways:
      return {p.waterways[i].id, p.waterways[i].name,
              std::string(model::to_string(p.waterways[i].kind))};
    case FeatureLayer::kRoads:
      return {p.roads[i].id, p.roads[i].name, std::string(model::to_string(p.roads[i].road_class))};
  }
  return {};
}

// National outputs run to millions of rows of strings: rows are built on every core, each in its
// own slot, so the order is the sequential one.
template <class F>
void fill_rows(model::Table& t, std::size_t n, F&& make_row) {
  t.rows.resize(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 4096), [&](const auto& range) {
    for (std::size_t i = range.begin(); i < range.end(); ++i) t.rows[i] = make_row(i);
  });
}

model::Table zones_table(const model::Project& p, const ZonesResult& r) {
  model::Table t{"safety_zones",
                 model::GeometryKind::kMultiPolygon,
                 {{"school_id", ColumnType::kText},
                  {"school_name", ColumnType::kText},
                  {"level", ColumnType::kText},
                  {"radius_m", ColumnType::kReal},
                  {"mode", ColumnType::kText},
                  {"measured_from", ColumnType::kText},
                  {"source", ColumnType::kText},
                  {"area_m2", ColumnType::kReal},
                  {"cluster_id", ColumnType::kInteger}},
                 {}};
  fill_rows(t, r.zones.size(), [&](std::size_t i) {
    const SafetyZone& z = r.zones[i];
    const model::School& s = p.schools[z.school];
    return model::Row{
        {s.id, s.name, std::string(model::to_string(s.level)), z.radius_m, std::string("straight"),
         std::string(z.from_campus ? "campus boundary" : "school point (no campus mapped)"),
         std::string(z.overridden ? "override" : "computed"), geo::area(z.area),
         std::int64_t{z.cluster}},
        geo::Geometry{z.area}};
  });
  return t;
}

model::Table clusters_table(const model::Project& p, const ZonesResult& r) {
  model::Table t{"zone_clusters",
                 model::GeometryKind::kMultiPolygon,
                 {{"cluster_id", ColumnType::kInteger},
                  {"schools", ColumnType::kInteger},
                  {"school_ids", ColumnType::kText},
                  {"school_names", ColumnType::kText},
                  {"area_m2", ColumnType::kReal},
                  {"management_unit", ColumnType::kText}},
                 {}};
  fill_rows(t, r.clusters.size(), [&](std::size_t i) {
    const auto& c = r.clusters[i];
    std::vector<std::string_view> ids, names;
    for (auto s : c.schools) {
      ids.push_back(p.schools[s].id);
      names.push_back(p.schools[s].name);
    }
    return model::Row{{std::int64_t{c.id}, static_cast<std::int64_t>(c.schools.size()),
                       fmt::format("{}", fmt::join(ids, ";")),
                       fmt::format("{}", fmt::join(names, "；")), geo::area(c.area), std::string()},
                      geo::Geometry{c.area}};
  });
  return t;
}

model::Table findings_table(const model::Project& p, const ZonesResult& r, const ZoneSettings& s) {
  model::Table t{"zone_findings",
                 model::GeometryKind::kPoint,
                 {{"school_id", ColumnType::kText},
                  {"school_name", ColumnType::kText},
                  {"feature_layer", ColumnType::kText},
                  {"feature_id", ColumnType::kText},
                  {"feature_name", ColumnType::kText},
                  {"category", ColumnType::kText},
                  {"distance_m", ColumnType::kReal},
                  {"measured", ColumnType::kText},
                  {"rule_id", ColumnType::kText},
                  {"severity", ColumnType::kText},
                  {"legal_basis", ColumnType::kText}},
                 {}};
  const std::string straight = "straight line, " + r.metric;
  const std::string walking = "walking distance from the gates";
  fill_rows(t, r.findings.size(), [&](std::size_t i) {
    const Finding& f = r.findings[i];
    const model::School& sch = p.schools[f.school];
    const AuditRule& rule = s.rules.rules[f.rule];
    FeatureInfo fi = feature_info(p, f.layer, f.feature);
    return model::Row{{sch.id, sch.name, std::string(to_string(f.layer)), std::move(fi.id),
                       std::move(fi.name), std::move(fi.category), f.distance_m,
                       f.measured == MeasureMode::kWalking ? walking : straight, rule.id,
                       std::string(to_string(rule.severity)), rule.legal_basis},
                      geo::Geometry{f.at}};
  });
  return t;
}

model::Table summary_table(const model::Project& p, const ZonesResult& r, const ZoneSettings& s) {
  model::Table t{"zone_summary",
                 model::GeometryKind::kPoint,
                 {{"school_id", ColumnType::kText},
                  {"school_name", ColumnType::kText},
                  {"level", ColumnType::kText},
                  {"radius_m", ColumnType::kReal},
                  {"zone_source", ColumnType::kText},
                  {"findings", ColumnType::kInteger},
                  {"high", ColumnType::kInteger},
                  {"medium", ColumnType::kInteger},
                  {"low", ColumnType::kInteger}},
                 {}};
  for (const auto& rule : s.rules.rules) t.columns.push_back({rule.id, ColumnType::kInteger});
  std::vector<const SafetyZone*> zone_of(p.schools.size(), nullptr);
  for (const auto& z : r.zones) zone_of[z.school] = &z;
  std::vector<std::vector<std::int64_t>> counts(
      p.schools.size(), std::vector<std::int64_t>(3 + s.rules.rules.size(), 0));
  for (const auto& f : r.findings) {
    auto& c = counts[f.school];
    ++c[static_cast<std::size_t>(s.rules.rules[f.rule].severity)];
    ++c[3 + f.rule];
  }
  fill_rows(t, p.schools.size(), [&](std::size_t i) {
    const model::School& sch = p.schools[i];
    const auto& c = counts[i];
    model::Row row;
    const std::string source = zone_of[i] == nullptr    ? "none"
                               : zone_of[i]->overridden ? "override"
                                                        : "computed";
    row.values = {sch.id,
                  sch.name,
                  std::string(model::to_string(sch.level)),
                  s.radius_for(sch.level),
                  source,
                  c[0] + c[1] + c[2],
                  c[0],
                  c[1],
                  c[2]};
    for (std::size_t k = 0; k < s.rules.rules.size(); ++k) row.values.emplace_back(c[3 + k]);
    row.geometry = geo::Geometry{sch.location};
    return row;
  });
  return t;
}

}  // namespace

std::vector<model::Table> zone_tables(const model::Project& p, const ZonesResult& r,
                                      const ZoneSettings& s) {
  std::vector<model::Table> tables(4);
  tbb::parallel_invoke(
      [&] { tables[0] = zones_table(p, r); }, [&] { tables[1] = clusters_table(p, r); },
      [&] { tables[2] = findings_table(p, r, s); }, [&] { tables[3] = summary_table(p, r, s); });
  return tables;
}

nlohmann::json zone_totals(const model::Project& p, const ZonesResult& r, const ZoneSettings& s) {
  std::map<std::string, std::int64_t> by_rule, by_severity;
  std::vector<bool> has_finding(p.schools.size(), false);
  for (const auto& rule : s.rules.rules) by_rule[rule.id] = 0;
  for (const auto& f : r.findings) {
    ++by_rule[s.rules.rules[f.rule].id];
    ++by_severity[std::string(to_string(s.rules.rules[f.rule].severity))];
    has_finding[f.school] = true;
  }
  std::int64_t overridden = 0, from_point = 0, multi = 0;
  for (const auto& z : r.zones) {
    overridden += z.overridden;
    from_point += !z.from_campus && !z.overridden;
  }
  for (const auto& c : r.clusters) multi += c.schools.size() > 1;
  return {{"schools", p.schools.size()},
          {"zones", r.zones.size()},
          {"zones_overridden", overridden},
          {"zones_measured_from_point", from_point},
          {"clusters", r.clusters.size()},
          {"clusters_with_several_schools", multi},
          {"findings", r.findings.size()},
          {"schools_with_findings", std::count(has_finding.begin(), has_finding.end(), true)},
          {"findings_by_rule", by_rule},
          {"findings_by_severity", by_severity},
          {"metric", r.metric},
          {"rules", s.rules.file}};
}

}  // namespace huxiao::zones
