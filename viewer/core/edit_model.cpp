#include "viewer/core/edit_model.hpp"

#include "core/error.hpp"

namespace huxiao::viewer {

EditModel::EditModel(Document doc) : doc_(std::move(doc)) {}

void EditModel::execute(CommandPtr command) {
  command->apply(doc_);
  undo_.push_back(std::move(command));
  if (undo_.size() > kMaxHistory) undo_.erase(undo_.begin());
  redo_.clear();
  changed();
}

bool EditModel::undo() {
  if (undo_.empty()) return false;
  undo_.back()->revert(doc_);
  redo_.push_back(std::move(undo_.back()));
  undo_.pop_back();
  changed();
  return true;
}

bool EditModel::redo() {
  if (redo_.empty()) return false;
  redo_.back()->apply(doc_);
  undo_.push_back(std::move(redo_.back()));
  redo_.pop_back();
  changed();
  return true;
}

std::string EditModel::undo_label() const {
  return undo_.empty() ? "" : undo_.back()->label();
}
std::string EditModel::redo_label() const {
  return redo_.empty() ? "" : redo_.back()->label();
}

void EditModel::replace_document(Document doc) {
  doc_ = std::move(doc);
  undo_.clear();
  redo_.clear();
  changed();
  saved_revision_ = doc_.path.empty() ? saved_revision_ : revision_;
}

void EditModel::set_extra_layer(model::Table layer) {
  if (layer.name == kZonesLayer) {
    doc_.zones = zones_from_table(layer);
  } else {
    bool replaced = false;
    for (auto& t : doc_.extra_layers)
      if (t.name == layer.name) {
        t = layer;
        replaced = true;
      }
    if (!replaced) doc_.extra_layers.push_back(std::move(layer));
  }
  changed();
}

void EditModel::save() {
  save_as(doc_.path);
}

void EditModel::save_as(const std::filesystem::path& path) {
  save_document(doc_, path);
  doc_.path = path;
  saved_revision_ = revision_;
}

// [SECTION] autosave

AutoSaver::~AutoSaver() {
  wait();
}

std::filesystem::path AutoSaver::path_for(const std::filesystem::path& store) {
  const auto stem = store.empty() ? std::string("untitled") : store.stem().string();
  const auto dir = store.empty() ? std::filesystem::temp_directory_path() : store.parent_path();
  return dir / (stem + ".autosave.gpkg");
}

void AutoSaver::collect() {
  if (!pending_.valid()) return;
  try {
    pending_.get();
    saved_revision_ = pending_revision_;
    last_error_.reset();
  } catch (const std::exception& e) {
    last_error_ = e.what();
  }
}

void AutoSaver::wait() {
  if (pending_.valid()) pending_.wait();
  collect();
}

bool AutoSaver::tick(const EditModel& model, std::chrono::steady_clock::time_point now) {
  if (pending_.valid()) {
    if (pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    collect();
  }
  if (model.revision() == saved_revision_ || !model.dirty()) return false;
  if (now - last_start_ < interval_) return false;
  last_start_ = now;
  pending_revision_ = model.revision();
  // The copy is taken here, on the caller's thread; the writer owns it from then on.
  pending_ = std::async(std::launch::async,
                        [doc = model.document(), target = path_for(model.document().path)] {
                          save_document(doc, target);
                        });
  return true;
}

}  // namespace huxiao::viewer
