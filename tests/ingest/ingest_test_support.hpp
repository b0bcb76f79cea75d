#pragma once

#include <string>

#include "ingest/importer.hpp"

namespace huxiao::ingest::testing_support {

inline const quality::Issue* find_issue(const quality::Report& r, std::string_view code,
                                        std::string_view name = {}) {
  for (const auto& i : r.issues()) {
    if (i.code == code && (name.empty() || i.feature_name == name)) return &i;
  }
  return nullptr;
}

inline ImportResult import_one(const std::filesystem::path& path,
                               std::optional<geo::Crs> input_crs = {},
                               const scenario::Mapping* mapping = nullptr,
                               ImportOptions options = {}) {
  SourceRequest r;
  r.path = path;
  r.input_crs = std::move(input_crs);
  r.mapping = mapping;
  return import_sources({r}, options);
}

}  // namespace huxiao::ingest::testing_support
