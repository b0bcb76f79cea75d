#pragma once

#include <cstdint>
#include <string>

namespace huxiao::model {

// Where a feature came from, so every report can point at the file and row.
struct SourceRef {
  std::string file;
  std::string layer;
  std::int64_t row = -1;  // feature id / 1-based data row for CSV
  std::string original_id;
  std::string describe() const;  // "schools.csv row 12" / "chengdu.osm way/123"
};

}  // namespace huxiao::model
