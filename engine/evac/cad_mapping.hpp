#pragma once
// Floor plans from the design institute come as CAD drawings (DXF, read by GDAL's DXF driver).
// Their layers carry the institute's own names ("A-WALL", "墙体", "门窗"), so a mapping says which
// layer plays which plan role and supplies what a drawing cannot carry: head counts, stair
// directions, drawing units. Format and examples: docs/evac.md "CAD plans (DXF)".
//
//   cad:
//     units: mm                       # overrides the drawing's $INSUNITS
//     layers:
//       - {layer: "A-FLOOR", role: walkable}
//       - {layer: "A-WALL*", role: obstacle}      # shell patterns, case-insensitive
//       - {layer: "EXIT", role: exit}
//       - {layer: "ROOM", role: room, students: 45, age: primary}
//       - {layer: "ROOM-TEXT", role: label}       # "三年级2班 45人": class name and head count
//       - {layer: "STAIR", role: stair, up_bearing: 90, z_top: 3.6}

#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/vector_source.hpp"
#include "scenario/section.hpp"

namespace huxiao::evac {

struct CadLayerRule {
  std::string layer;  // CAD layer name or shell pattern, matched case-insensitively
  std::string role;   // walkable, obstacle, exit, room, assembly, stair, label or ignore
  // The role's feature properties (docs/evac.md plan format), given to every entity of the layer.
  std::vector<std::pair<std::string, std::string>> properties;
};

struct CadMapping {
  std::vector<CadLayerRule> layers;
  std::optional<double> metres_per_unit;  // from `units:`; else the drawing's $INSUNITS
  std::string origin;                     // file and key it came from, for messages
  const CadLayerRule* rule_for(std::string_view cad_layer) const;  // first match, or null
};

// Reads a `cad:` map (shape above). Throws Error(kScenario) at the offending key: unknown role or
// property, unknown unit, no layers.
CadMapping parse_cad_mapping(scenario::Section& section);
// A YAML file whose top level is that map (for `huxiao evac PLAN.dxf --cad MAPPING.yaml`).
CadMapping load_cad_mapping(const std::filesystem::path& file);

struct CadFeatures {
  std::deque<std::string> layer_names;   // storage behind features[i].layer
  std::vector<io::RawFeature> features;  // with `role` and properties, coordinates in metres
  std::vector<std::string> notes;        // units used, layers left out, labels outside rooms
};

// Applies the mapping to every entity of a DXF: closed polylines become polygons for area roles,
// labels give their room a name and head count. Throws Error naming the CAD layer and entity for
// an open outline where an area is needed, and for a drawing without units and no `units:`.
CadFeatures read_cad_features(const io::VectorSource& source, const CadMapping& mapping);

// The error for a DXF read without a mapping: lists the drawing's layers and entity counts.
[[noreturn]] void throw_unmapped_cad(const std::filesystem::path& file);

// "三年级2班 45人" → {"三年级2班", 45}; a bare "45" is a head count; no count → nullopt.
struct RoomLabel {
  std::string name;
  std::optional<int> students;
};
RoomLabel parse_room_label(std::string_view text);

}  // namespace huxiao::evac
