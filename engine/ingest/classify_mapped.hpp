#pragma once
// Classification through a mapping file (scenario/mapping_file.hpp): the county's own columns
// feed the model's fields. Also the automatic mapping for a plain school list (CSV) that comes
// without one, recognising the usual English and Chinese column names.

#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "ingest/staged.hpp"
#include "io/vector_source.hpp"
#include "quality/report.hpp"
#include "scenario/mapping_file.hpp"

namespace huxiao::ingest {

struct MappedClassification {
  std::vector<Staged> features;
  std::vector<quality::Issue> problems;  // file/layer/row are filled in by the caller
};

// `mapping` must apply to the feature's layer. Coordinates come from the mapped columns when
// given (in the mapping's or the declared CRS), otherwise from the feature's geometry.
MappedClassification classify_mapped(const io::RawFeature& feature,
                                     const scenario::LayerMapping& mapping,
                                     const model::SourceRef& source);

// A mapping guessed from column names (经度/纬度, lon/lat, X/Y, 学校名称/name, ...), for tables
// without a mapping file; nullopt if no pair of coordinate columns is recognisable.
std::optional<scenario::LayerMapping> guess_mapping(const io::LayerInfo& layer);

// Convenience over a possibly absent mapping file.
const scenario::LayerMapping* mapping_for(const scenario::Mapping* mapping, std::string_view layer);
std::optional<geo::Crs> mapping_crs(const scenario::Mapping* mapping, std::string_view layer);
std::optional<std::string> mapping_encoding(const scenario::Mapping* mapping);
bool mapping_has_coordinates(const scenario::Mapping* mapping, std::string_view layer);

}  // namespace huxiao::ingest
