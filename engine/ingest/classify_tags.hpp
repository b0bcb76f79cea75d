#pragma once
// Classification of OpenStreetMap-tagged features (OSM files, and GeoJSON/GeoPackage exports of
// OSM such as overpass or government open data that uses OSM keys like amenity=school).

#include <string>
#include <vector>

#include "ingest/staged.hpp"
#include "io/vector_source.hpp"

namespace huxiao::ingest {

struct TagClassification {
  std::vector<Staged> features;  // empty: not something huxiao uses
  std::string note;              // why a usable-looking feature was skipped or approximated
};

// `source` is filled in with file/layer/row; ids become "osm:node/1" etc. for OSM layers.
TagClassification classify_tagged(const io::RawFeature& feature, const model::SourceRef& source,
                                  bool from_osm);

// True if the feature's attributes look like OSM tags at all (amenity, highway, ...).
bool has_osm_tags(const io::RawFeature& feature);

}  // namespace huxiao::ingest
