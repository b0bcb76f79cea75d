#pragma once
// A feature on its way into the project: already one of the model's classes, but with
// coordinates still in its source CRS until the importer projects it.

#include <variant>
#include <vector>

#include "model/poi.hpp"
#include "model/police.hpp"
#include "model/road.hpp"
#include "model/school.hpp"
#include "model/water.hpp"

namespace huxiao::ingest {

using Staged = std::variant<model::School, model::WaterBody, model::Waterway, model::Road,
                            model::Poi, model::PoliceUnit>;

// "schools", "water", ... — the store layer a staged feature lands in.
std::string_view class_name(const Staged& s);
const std::string& name_of(const Staged& s);
const model::SourceRef& source_of(const Staged& s);
const std::string& id_of(const Staged& s);

// Every coordinate of the feature (location, campus, gates, lines, polygons), mutable.
template <class F>
void for_each_coordinate(Staged& s, F&& f) {
  std::visit(
      [&](auto& item) {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, model::School>) {
          f(item.location);
          if (item.campus) {
            geo::Geometry g = std::move(*item.campus);
            geo::for_each_point(g, f);
            item.campus = std::move(std::get<geo::MultiPolygon>(g));
          }
          for (auto& gate : item.gates) f(gate.location);
        } else if constexpr (std::is_same_v<T, model::WaterBody>) {
          geo::Geometry g = std::move(item.area);
          geo::for_each_point(g, f);
          item.area = std::move(std::get<geo::MultiPolygon>(g));
        } else if constexpr (std::is_same_v<T, model::Waterway> || std::is_same_v<T, model::Road>) {
          for (auto& p : item.line) f(p);
        } else {
          f(item.location);
        }
      },
      s);
}

}  // namespace huxiao::ingest
