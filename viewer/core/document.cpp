#include "viewer/core/document.hpp"

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/geopackage.hpp"
#include "store/project_store.hpp"

namespace huxiao::viewer {

namespace {

// [SECTION] which layers the store itself owns

std::set<std::string> standard_layers() {
  std::set<std::string> names{std::string(store::kMetadataLayer)};
  for (const auto& t : store::project_tables(model::Project{})) names.insert(t.name);
  return names;
}

std::set<std::string> parse_id_list(const std::string& text) {
  std::set<std::string> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    if (end > start) ids.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

std::string join_ids(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

model::ColumnType type_of(const model::Value& v) {
  if (std::holds_alternative<std::int64_t>(v)) return model::ColumnType::kInteger;
  if (std::holds_alternative<double>(v)) return model::ColumnType::kReal;
  return model::ColumnType::kText;
}

}  // namespace

const model::Table* Document::extra_layer(std::string_view name) const {
  for (const auto& t : extra_layers)
    if (t.name == name) return &t;
  return nullptr;
}

// [SECTION] zones <-> table

model::Table zones_table(const std::vector<Zone>& zones) {
  model::Table t{std::string(kZonesLayer),
                 model::GeometryKind::kMultiPolygon,
                 {{"id", model::ColumnType::kText},
                  {"school_id", model::ColumnType::kText},
                  {"name", model::ColumnType::kText}},
                 {}};
  // Union of the carried columns, typed by their first non-empty value.
  for (const auto& z : zones) {
    for (const auto& [name, value] : z.attributes) {
      const bool known = std::any_of(t.columns.begin(), t.columns.end(),
                                     [&](const model::Column& c) { return c.name == name; });
      if (!known) t.columns.push_back({name, type_of(value)});
    }
  }
  for (const auto& z : zones) {
    model::Row row;
    row.values.resize(t.columns.size());
    row.values[0] = z.id;
    row.values[1] = z.school_id;
    row.values[2] = z.name;
    for (const auto& [name, value] : z.attributes) {
      const std::size_t i = t.column_index(name);
      if (!std::holds_alternative<std::monostate>(value) && type_of(value) != t.columns[i].type)
        row.values[i] = model::value_as_text(value);  // a mixed column: keep the text
      else
        row.values[i] = value;
    }
    row.geometry = z.area;
    t.rows.push_back(std::move(row));
  }
  for (auto& row : t.rows)
    for (std::size_t i = 3; i < t.columns.size(); ++i)
      if (t.columns[i].type == model::ColumnType::kText &&
          !std::holds_alternative<std::monostate>(row.values[i]) &&
          !std::holds_alternative<std::string>(row.values[i]))
        row.values[i] = model::value_as_text(row.values[i]);
  return t;
}

std::vector<Zone> zones_from_table(const model::Table& table) {
  auto find = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < table.columns.size(); ++i)
      if (table.columns[i].name == name) return i;
    return std::nullopt;
  };
  const auto id_col = find("id"), school_col = find("school_id"), name_col = find("name");
  std::vector<Zone> zones;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    Zone z;
    z.id = id_col ? model::value_as_text(row.values[*id_col]) : std::string();
    if (z.id.empty()) z.id = "zone:" + std::to_string(r + 1);
    if (school_col) z.school_id = model::value_as_text(row.values[*school_col]);
    if (name_col) z.name = model::value_as_text(row.values[*name_col]);
    if (row.geometry) {
      if (const auto* mp = std::get_if<geo::MultiPolygon>(&*row.geometry)) z.area = *mp;
      if (const auto* p = std::get_if<geo::Polygon>(&*row.geometry)) z.area = {*p};
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (c != id_col && c != school_col && c != name_col)
        z.attributes.emplace_back(table.columns[c].name, row.values[c]);
    zones.push_back(std::move(z));
  }
  return zones;
}

// [SECTION] load and save

Document load_document(const std::filesystem::path& path, Progress& progress) {
  Document doc;
  doc.project = store::read_project(path, {}, progress);
  doc.path = path;
  if (auto it = doc.project.info.extra.find(std::string(kFixedPostsKey));
      it != doc.project.info.extra.end())
    doc.fixed_posts = parse_id_list(it->second);
  const auto standard = standard_layers();
  const auto gpkg = io::GeoPackage::open(path, false);
  for (const auto& name : gpkg.layer_names()) {
    if (standard.contains(name)) continue;
    if (name == kZonesLayer)
      doc.zones = zones_from_table(gpkg.read_table(name));
    else
      doc.extra_layers.push_back(gpkg.read_table(name));
  }
  return doc;
}

void save_document(const Document& doc, const std::filesystem::path& path, Progress& progress) {
  if (path.empty())
    throw Error(ErrorCode::kWriteFailed, "the project has no file yet",
                {.fix = "use Save as (or `save PATH` in a script) to choose one"});
  model::Project project = doc.project;
  if (doc.fixed_posts.empty())
    project.info.extra.erase(std::string(kFixedPostsKey));
  else
    project.info.extra[std::string(kFixedPostsKey)] = join_ids(doc.fixed_posts);
  AtomicOutput out(path);
  store::write_project(out.temp_path(), project, nullptr, progress);
  std::vector<model::Table> layers = doc.extra_layers;
  if (!doc.zones.empty()) layers.push_back(zones_table(doc.zones));
  if (!layers.empty()) store::write_layers(out.temp_path(), layers, progress);
  out.commit();
}

}  // namespace huxiao::viewer
