#pragma once
// Edits as commands: each one knows how to apply and revert itself, so undo/redo is a stack of
// them. The factories check the edit against the document first and throw huxiao::Error with a
// fix when it makes no sense, so a rejected edit never touches the document.
//
// Every entity is found by its id, never by index, so a command stays valid whatever was added
// or removed after it.

#include <memory>
#include <optional>
#include <string>

#include "viewer/core/document.hpp"

namespace huxiao::viewer {

class Command {
 public:
  virtual ~Command() = default;
  virtual void apply(Document& doc) = 0;
  virtual void revert(Document& doc) = 0;
  virtual std::string label() const = 0;  // for the Edit menu: "移动学校 成都七中"
};
using CommandPtr = std::unique_ptr<Command>;

// [SECTION] schools and gates
CommandPtr add_school(const Document& doc, model::School school);
// Moves the school with its campus and gates, as one relocation.
CommandPtr move_school(const Document& doc, const std::string& id, const geo::Point& to);
CommandPtr delete_school(const Document& doc, const std::string& id);
CommandPtr set_school_level(const Document& doc, const std::string& id, model::SchoolLevel level);
CommandPtr set_enrollment(const Document& doc, const std::string& id, int enrollment);
CommandPtr add_gate(const Document& doc, const std::string& school_id, model::Gate gate);
CommandPtr move_gate(const Document& doc, const std::string& school_id, std::size_t gate,
                     const geo::Point& to);
CommandPtr delete_gate(const Document& doc, const std::string& school_id, std::size_t gate);

// [SECTION] safety zones
CommandPtr add_zone(const Document& doc, Zone zone);
CommandPtr translate_zone(const Document& doc, const std::string& id, double dx, double dy);
// Moves vertex `vertex` of the outer ring of part `part`; the ring stays closed.
CommandPtr move_zone_vertex(const Document& doc, const std::string& id, std::size_t part,
                            std::size_t vertex, const geo::Point& to);
CommandPtr delete_zone(const Document& doc, const std::string& id);

// [SECTION] water hazards
CommandPtr add_water(const Document& doc, model::WaterBody water);
CommandPtr set_safeguards(const Document& doc, const std::string& water_id,
                          const model::Safeguards& safeguards);
CommandPtr delete_water(const Document& doc, const std::string& id);

// [SECTION] police posts
CommandPtr add_police(const Document& doc, model::PoliceUnit unit);
CommandPtr move_police(const Document& doc, const std::string& id, const geo::Point& to);
CommandPtr delete_police(const Document& doc, const std::string& id);
CommandPtr set_officers(const Document& doc, const std::string& id, int officers);
// A fixed post is one an optimiser (deploy/) must keep where it is.
CommandPtr set_post_fixed(const Document& doc, const std::string& id, bool fixed);

// A fresh id with `prefix` not used by any school, water body, police unit or zone.
std::string fresh_id(const Document& doc, std::string_view prefix);

}  // namespace huxiao::viewer
