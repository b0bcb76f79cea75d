#include "ingest/staged.hpp"

namespace huxiao::ingest {

std::string_view class_name(const Staged& s) {
  static constexpr std::string_view kNames[] = {"schools", "water", "waterways",
                                                "roads",   "pois",  "police"};
  return kNames[s.index()];
}

const std::string& name_of(const Staged& s) {
  return std::visit([](const auto& item) -> const std::string& { return item.name; }, s);
}

const model::SourceRef& source_of(const Staged& s) {
  return std::visit([](const auto& item) -> const model::SourceRef& { return item.source; }, s);
}

const std::string& id_of(const Staged& s) {
  return std::visit([](const auto& item) -> const std::string& { return item.id; }, s);
}

}  // namespace huxiao::ingest
