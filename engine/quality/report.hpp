#pragma once
// The data-quality report every import writes: counts per class and every problem found, by
// file and row, with what was done about it. JSON for machines, text for people, a table for
// the store (so QGIS users see the problems on the map).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geo/geometry.hpp"
#include "model/table.hpp"

namespace huxiao::quality {

enum class Severity { kInfo, kWarning, kError };
std::string_view to_string(Severity s);

struct Issue {
  Severity severity = Severity::kWarning;
  std::string code;  // stable key: zero_coordinates, swapped_lat_lon, outside_region, ...
  std::string file;
  std::string layer;
  std::int64_t row = -1;
  std::string feature_id;
  std::string feature_name;
  std::string message;
  std::string action;  // dropped, repaired, swapped back, kept, merged
  std::optional<geo::Point> lonlat;
  std::string where() const;  // "schools.csv row 12 (成都七中)"
};

struct SourceSummary {
  std::string file;
  std::string driver;
  std::string crs;
  std::int64_t features_read = 0;
  std::int64_t features_used = 0;
  std::map<std::string, std::int64_t> read_per_layer;
};

class Report {
 public:
  void add(Issue issue) { issues_.push_back(std::move(issue)); }
  void add_source(SourceSummary s) { sources_.push_back(std::move(s)); }
  void set_count(const std::string& cls, std::int64_t n) { counts_[cls] = n; }
  void set_breakdown(const std::string& cls, std::map<std::string, std::int64_t> by_kind) {
    breakdown_[cls] = std::move(by_kind);
  }
  void set_crs(std::string crs) { crs_ = std::move(crs); }

  const std::vector<Issue>& issues() const { return issues_; }
  const std::vector<SourceSummary>& sources() const { return sources_; }
  const std::map<std::string, std::int64_t>& counts() const { return counts_; }
  const std::map<std::string, std::map<std::string, std::int64_t>>& breakdown() const {
    return breakdown_;
  }
  std::size_t count(Severity s) const;
  std::size_t count(std::string_view code) const;

  nlohmann::json to_json() const;
  std::string to_text() const;
  model::Table to_table() const;  // non-spatial layer `import_issues`

 private:
  std::string crs_;
  std::vector<SourceSummary> sources_;
  std::map<std::string, std::int64_t> counts_;
  std::map<std::string, std::map<std::string, std::int64_t>> breakdown_;
  std::vector<Issue> issues_;
};

}  // namespace huxiao::quality
