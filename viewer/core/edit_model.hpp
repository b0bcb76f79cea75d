#pragma once
// The edit model: the document, its undo/redo history and its save state. The window, the
// script runner and the tests all edit through here, and only through commands.

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "viewer/core/commands.hpp"

namespace huxiao::viewer {

class EditModel {
 public:
  explicit EditModel(Document doc = {});

  const Document& document() const { return doc_; }

  // Applies the command and records it; clears the redo stack.
  void execute(CommandPtr command);
  bool undo();  // false when there is nothing to undo
  bool redo();
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  std::string undo_label() const;
  std::string redo_label() const;

  // Opening a file or a demo county starts a new history.
  void replace_document(Document doc);
  // Analysis results arrive as layers; they replace any layer of the same name. Not undoable
  // (run the analysis again), but they mark the document changed so they get saved.
  void set_extra_layer(model::Table layer);

  // Increments on every change, undo and redo included: the renderer rebuilds when it moves.
  std::uint64_t revision() const { return revision_; }
  bool dirty() const { return revision_ != saved_revision_; }

  void save();  // to document().path
  void save_as(const std::filesystem::path& path);

  static constexpr std::size_t kMaxHistory = 1000;

 private:
  void changed() { ++revision_; }

  Document doc_;
  std::vector<CommandPtr> undo_;
  std::vector<CommandPtr> redo_;
  std::uint64_t revision_ = 0;
  std::uint64_t saved_revision_ = 0;
};

// Writes a copy of the document beside its store (X.gpkg → X.autosave.gpkg) on a background
// thread whenever it changed and `interval` has passed, so a crash loses at most that much.
class AutoSaver {
 public:
  explicit AutoSaver(std::chrono::milliseconds interval) : interval_(interval) {}
  ~AutoSaver();
  AutoSaver(const AutoSaver&) = delete;
  AutoSaver& operator=(const AutoSaver&) = delete;

  // Call often (every frame); cheap unless a save is due. Returns true when it started one.
  bool tick(const EditModel& model, std::chrono::steady_clock::time_point now);
  void wait();  // until a save in progress has finished
  std::optional<std::string> last_error() const { return last_error_; }
  std::uint64_t saved_revision() const { return saved_revision_; }

  static std::filesystem::path path_for(const std::filesystem::path& store);

 private:
  void collect();

  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_start_{};
  std::future<void> pending_;
  std::uint64_t pending_revision_ = 0;
  std::uint64_t saved_revision_ = 0;
  std::optional<std::string> last_error_;
};

}  // namespace huxiao::viewer
