#include "quality/report.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

namespace huxiao::quality {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "warning";
}

std::string Issue::where() const {
  std::string out = file;
  // Single-layer files name their only layer after the file; saying it twice is noise.
  if (!layer.empty() && std::filesystem::path(file).stem().string() != layer) {
    out += fmt::format(" layer {}", layer);
  }
  if (row >= 0) out += fmt::format(" row {}", row);
  const std::string row_id = fmt::format("{}:{}", std::filesystem::path(file).stem().string(), row);
  if (!feature_id.empty() && feature_id != row_id) {
    out += fmt::format(" {}", feature_id);
  }
  if (!feature_name.empty()) out += fmt::format(" ({})", feature_name);
  return out;
}

std::size_t Report::count(Severity s) const {
  return static_cast<std::size_t>(std::count_if(issues_.begin(), issues_.end(),
                                                [&](const Issue& i) { return i.severity == s; }));
}

std::size_t Report::count(std::string_view code) const {
  return static_cast<std::size_t>(std::count_if(issues_.begin(), issues_.end(),
                                                [&](const Issue& i) { return i.code == code; }));
}

nlohmann::json Report::to_json() const {
  nlohmann::json j;
  j["crs"] = crs_;
  j["counts"] = counts_;
  j["breakdown"] = breakdown_;
  j["sources"] = nlohmann::json::array();
  for (const auto& s : sources_) {
    j["sources"].push_back({{"file", s.file},
                            {"driver", s.driver},
                            {"crs", s.crs},
                            {"features_read", s.features_read},
                            {"features_used", s.features_used},
                            {"read_per_layer", s.read_per_layer}});
  }
  j["problems"] = {{"errors", count(Severity::kError)},
                   {"warnings", count(Severity::kWarning)},
                   {"info", count(Severity::kInfo)}};
  j["issues"] = nlohmann::json::array();
  for (const auto& i : issues_) {
    nlohmann::json e = {{"severity", to_string(i.severity)},
                        {"code", i.code},
                        {"file", i.file},
                        {"layer", i.layer},
                        {"row", i.row},
                        {"feature_id", i.feature_id},
                        {"name", i.feature_name},
                        {"message", i.message},
                        {"action", i.action}};
    if (i.lonlat) e["lonlat"] = {i.lonlat->x, i.lonlat->y};
    j["issues"].push_back(std::move(e));
  }
  return j;
}

std::string Report::to_text() const {
  std::string out = "Data-quality report\n===================\n";
  if (!crs_.empty()) out += fmt::format("Project CRS: {}\n", crs_);
  out += "\nSources\n";
  for (const auto& s : sources_) {
    out += fmt::format("  {} ({}, {}): {} features read, {} used\n", s.file, s.driver, s.crs,
                       s.features_read, s.features_used);
  }
  out += "\nFeatures by class\n";
  for (const auto& [cls, n] : counts_) {
    out += fmt::format("  {:<10} {:>8}", cls, n);
    if (auto it = breakdown_.find(cls); it != breakdown_.end() && !it->second.empty()) {
      std::vector<std::string> parts;
      for (const auto& [k, v] : it->second) parts.push_back(fmt::format("{} {}", k, v));
      out += fmt::format("   ({})", fmt::join(parts, ", "));
    }
    out += "\n";
  }
  out += fmt::format("\nProblems: {} errors, {} warnings, {} notes\n", count(Severity::kError),
                     count(Severity::kWarning), count(Severity::kInfo));
  for (const auto& i : issues_) {
    out += fmt::format("  [{}] {}: {}: {}", to_string(i.severity), i.code, i.where(), i.message);
    if (!i.action.empty()) out += fmt::format(" -> {}", i.action);
    out += "\n";
  }
  return out;
}

model::Table Report::to_table() const {
  model::Table t;
  t.name = "import_issues";
  t.geometry_kind = model::GeometryKind::kNone;
  using model::ColumnType;
  t.columns = {{"severity", ColumnType::kText}, {"code", ColumnType::kText},
               {"file", ColumnType::kText},     {"layer", ColumnType::kText},
               {"row", ColumnType::kInteger},   {"feature_id", ColumnType::kText},
               {"name", ColumnType::kText},     {"message", ColumnType::kText},
               {"action", ColumnType::kText},   {"lon", ColumnType::kReal},
               {"lat", ColumnType::kReal}};
  for (const auto& i : issues_) {
    model::Row r;
    r.values = {std::string(to_string(i.severity)),
                i.code,
                i.file,
                i.layer,
                static_cast<std::int64_t>(i.row),
                i.feature_id,
                i.feature_name,
                i.message,
                i.action,
                i.lonlat ? model::Value(i.lonlat->x) : model::Value{},
                i.lonlat ? model::Value(i.lonlat->y) : model::Value{}};
    t.rows.push_back(std::move(r));
  }
  return t;
}

}  // namespace huxiao::quality
