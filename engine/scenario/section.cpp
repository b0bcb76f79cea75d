#include "scenario/section.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace huxiao::scenario {
namespace fs = std::filesystem;

namespace {

struct Pos {
  int line = 0;
  int column = 0;
};

struct Document {
  std::string label;
  fs::path base_dir;
};

struct Entry {
  std::string key;
  Pos key_pos;
  YAML::Node value;
};

Pos pos_of(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

Pos pos_of(const YAML::Node& node, Pos fallback) {
  // yaml-cpp places an empty value at the next token, often on the next line; the key's
  // position is where the user has to look.
  if (node.IsNull()) return fallback;
  const Pos p = pos_of(node.Mark());
  return p.line > 0 ? p : fallback;
}

[[noreturn]] void raise(const Document& doc, Pos pos, std::string feature, std::string_view problem,
                        std::string fix, ErrorCode code = ErrorCode::kScenario) {
  throw Error(code, problem,
              ErrorContext{.file = doc.label,
                           .line = pos.line,
                           .column = pos.column,
                           .feature = std::move(feature),
                           .fix = std::move(fix)});
}

std::string kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return fmt::format("the value '{}'", node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map (key: value lines)";
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "something else";
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string quoted_list(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  quoted.reserve(words.size());
  for (const auto& w : words) quoted.push_back(fmt::format("'{}'", w));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  if (t == "true" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "no" || t == "off") return false;
  return std::nullopt;
}

std::string format_number(double v) {
  return fmt::format("{}", v);
}

// The first line holding bytes that are not UTF-8 (0 if none): Chinese editors still save GBK.
int first_non_utf8_line(std::string_view content) {
  const auto lines = text::split(content, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!text::is_valid_utf8(lines[i])) return static_cast<int>(i + 1);
  }
  return 0;
}

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ErrorCode::kUnreadable, fmt::format("cannot open {}", file.string()),
                {.file = file.string(), .fix = "check the file's permissions"});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// [SECTION] NumberRange
bool NumberRange::contains(double value) const {
  if (!std::isfinite(value)) return false;
  const bool above = min_exclusive ? value > min : value >= min;
  const bool below = max_exclusive ? value < max : value <= max;
  return above && below;
}

std::string NumberRange::describe() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max && !min_exclusive && !max_exclusive) {
    return fmt::format("between {} and {}", format_number(min), format_number(max));
  }
  std::vector<std::string> parts;
  if (has_min)
    parts.push_back(fmt::format("{} {}", min_exclusive ? ">" : ">=", format_number(min)));
  if (has_max)
    parts.push_back(fmt::format("{} {}", max_exclusive ? "<" : "<=", format_number(max)));
  return fmt::format("{}", fmt::join(parts, " and "));
}

// [SECTION] Section::Impl
struct Section::Impl {
  std::shared_ptr<const Document> doc;
  std::string path;
  Pos pos;
  std::vector<Entry> entries;        // document order
  std::vector<std::string> allowed;  // declaration order, for messages
  std::set<std::string, std::less<>> read;
  std::map<std::string, std::shared_ptr<Impl>, std::less<>> children;
  std::map<std::string, std::vector<std::shared_ptr<Impl>>, std::less<>> child_lists;
  bool finished = false;

  const Entry* find(std::string_view key) const {
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    return it == entries.end() ? nullptr : &*it;
  }

  void allow(std::string_view key) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      allowed.emplace_back(key);
    }
  }

  // Marks the key as part of the schema and as read; returns its entry if present.
  const Entry* take(std::string_view key) {
    allow(key);
    const Entry* e = find(key);
    if (e != nullptr) read.emplace(key);
    return e;
  }

  [[noreturn]] void raise_at(Pos at, std::string_view key, std::string_view problem,
                             std::string fix, ErrorCode code = ErrorCode::kScenario) const {
    raise(*doc, at, key.empty() ? path : join_path(path, key), problem, std::move(fix), code);
  }

  Pos value_pos(const Entry& e) const { return pos_of(e.value, e.key_pos); }

  [[noreturn]] void reject_key(const Entry& e, const std::vector<std::string>& choices,
                               std::string_view what) const {
    const std::string suggestion = text::closest_match(e.key, choices);
    std::string problem = fmt::format("unknown {} '{}'", what, e.key);
    if (!suggestion.empty()) problem += fmt::format(" (did you mean '{}'?)", suggestion);
    problem += choices.empty() ? std::string("; nothing is accepted here")
                               : fmt::format("; allowed: {}", quoted_list(choices));
    std::string fix = suggestion.empty()
                          ? fmt::format("remove '{}' or use one of the allowed names", e.key)
                          : fmt::format("rename '{}' to '{}'", e.key, suggestion);
    raise_at(e.key_pos, e.key, problem, std::move(fix));
  }

  // A required key is absent. A near-miss that nobody read is almost certainly the user's
  // spelling of it, so the typo is the better message than "missing".
  [[noreturn]] void missing(std::string_view key, std::string_view expected) const {
    for (const Entry& e : entries) {
      if (read.contains(e.key) ||
          std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) {
        continue;
      }
      if (text::closest_match(e.key, {std::string(key)}) == key) reject_key(e, allowed, "key");
    }
    const std::string where = path.empty() ? "the top level" : fmt::format("'{}'", path);
    raise_at(pos, key, fmt::format("missing required key '{}' ({})", key, expected),
             fmt::format("add '{}:' with {} to {}", key, expected, where));
  }

  // The scalar text of a present entry, or a type error naming what was expected.
  std::string scalar_of(const Entry& e, std::string_view expected) const {
    if (e.value.IsScalar()) return e.value.Scalar();
    if (e.value.IsNull()) {
      raise_at(value_pos(e), e.key, fmt::format("'{}' has no value; expected {}", e.key, expected),
               fmt::format("write a value after '{}:'", e.key));
    }
    raise_at(value_pos(e), e.key,
             fmt::format("wrong type for '{}': expected {}, got {}", e.key, expected,
                         kind_name(e.value)),
             fmt::format("write '{}: <{}>'", e.key, expected));
  }

  // Builds the bookkeeping for one YAML map (or an empty value standing for an empty map).
  void index(const YAML::Node& node) {
    if (node.IsNull()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const Pos key_pos = pos_of(it->first, pos);
      if (!it->first.IsScalar()) {
        raise_at(key_pos, "", "a key must be a plain word, not a list or map",
                 "write 'key: value' with a plain key");
      }
      std::string key = it->first.Scalar();
      if (const Entry* earlier = find(key)) {
        raise_at(
            key_pos, key,
            fmt::format("key '{}' appears twice (first on line {})", key, earlier->key_pos.line),
            "keep only one of them");
      }
      entries.push_back(Entry{std::move(key), key_pos, it->second});
    }
  }

  std::shared_ptr<Impl> child(std::string child_path, const YAML::Node& node, Pos fallback) const;
};

std::shared_ptr<Section::Impl> Section::Impl::child(std::string child_path, const YAML::Node& node,
                                                    Pos fallback) const {
  auto c = std::make_shared<Impl>();
  c->doc = doc;
  c->path = std::move(child_path);
  c->pos = pos_of(node, fallback);
  c->index(node);
  return c;
}

// [SECTION] Section: documents
Section::Section(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Section Section::from_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw Error(ErrorCode::kFileNotFound, fmt::format("file not found: {}", file.string()),
                {.file = file.string(),
                 .fix = fmt::format("check the path (relative paths start from {})",
                                    fs::current_path(ec).string())});
  }
  std::string content = read_all(file);
  if (const int bad_line = first_non_utf8_line(content); bad_line > 0) {
    throw Error(ErrorCode::kScenario, "the file is not UTF-8 text (GBK?)",
                {.file = file.string(),
                 .line = bad_line,
                 .fix = "save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)"});
  }
  if (content.starts_with("\xEF\xBB\xBF")) content.erase(0, 3);  // Windows editors add a BOM
  return from_text(content, file.string(), fs::absolute(file, ec).parent_path());
}

Section Section::from_text(std::string_view yaml, std::string label, fs::path base_dir) {
  auto doc = std::make_shared<Document>(Document{std::move(label), std::move(base_dir)});
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    raise(*doc, pos_of(e.mark), "", fmt::format("YAML syntax error: {}", e.msg),
          "check the indentation (spaces, not tabs), colons and quotes on this line and the one "
          "before");
  }
  const std::string map_fix = "write the file as 'key: value' lines";
  if (documents.empty() || documents.front().IsNull()) {
    raise(*doc, {}, "", "the file is empty", map_fix);
  }
  if (documents.size() > 1) {
    raise(*doc, pos_of(documents[1], {}), "", "the file holds more than one YAML document ('---')",
          "keep a single document: remove the '---' line and what follows, or merge them");
  }
  const YAML::Node& root = documents.front();
  if (!root.IsMap()) {
    raise(*doc, pos_of(root, {1, 1}), "",
          fmt::format("expected a map of keys at the top level, got {}", kind_name(root)), map_fix);
  }
  auto impl = std::make_shared<Impl>();
  impl->doc = std::move(doc);
  impl->pos = pos_of(root, {1, 1});
  impl->index(root);
  return Section(std::move(impl));
}

// [SECTION] Section: where
const std::string& Section::file() const {
  return impl_->doc->label;
}
const fs::path& Section::base_dir() const {
  return impl_->doc->base_dir;
}
const std::string& Section::path() const {
  return impl_->path;
}
std::string Section::path_of(std::string_view key) const {
  return join_path(impl_->path, key);
}
int Section::line() const {
  return impl_->pos.line;
}
int Section::column() const {
  return impl_->pos.column;
}
bool Section::has(std::string_view key) const {
  return impl_->find(key) != nullptr;
}

int Section::line_of(std::string_view key) const {
  const Entry* e = impl_->find(key);
  return e != nullptr ? e->key_pos.line : impl_->pos.line;
}

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  out.reserve(impl_->entries.size());
  for (const Entry& e : impl_->entries) out.push_back(e.key);
  return out;
}

// [SECTION] Section: schema
void Section::allow(const std::vector<std::string>& keys) {
  for (const auto& k : keys) impl_->allow(k);
}

void Section::finish() {
  Impl& s = *impl_;
  if (s.finished) return;
  for (const Entry& e : s.entries) {
    if (!s.read.contains(e.key) &&
        std::find(s.allowed.begin(), s.allowed.end(), e.key) == s.allowed.end()) {
      s.reject_key(e, s.allowed, "key");
    }
  }
  for (auto& [key, c] : s.children) Section(c).finish();
  for (auto& [key, list] : s.child_lists) {
    for (auto& c : list) Section(c).finish();
  }
  s.finished = true;
}

// [SECTION] Section: scalars
std::string Section::required_scalar(std::string_view key, std::string_view expected) {
  const Entry* e = impl_->take(key);
  if (e == nullptr) impl_->missing(key, expected);
  return impl_->scalar_of(*e, expected);
}

void Section::reject_value(std::string_view key, std::string_view text,
                           std::string_view expected) const {
  fail(key, fmt::format("'{}' is not {}", text, expected),
       fmt::format("write {} for '{}'", expected, key));
}

std::string Section::required_string(std::string_view key) {
  std::string value = required_scalar(key, "text");
  if (text::trim(value).empty()) {
    fail(key, fmt::format("'{}' is empty", key),
         fmt::format("give '{}' a value or remove the line", key));
  }
  return value;
}

std::optional<std::string> Section::optional_string(std::string_view key) {
  return optional_of(key, [&] { return required_string(key); });
}

double Section::required_double(std::string_view key, NumberRange range) {
  const std::string description = range.describe();
  const std::string expected =
      description.empty() ? std::string("a number") : fmt::format("a number {}", description);
  const std::string text = required_scalar(key, expected);
  const auto value = text::parse_double(text);
  if (!value) reject_value(key, text, expected);
  if (!range.contains(*value)) {
    fail(key, fmt::format("'{}' is {}, but must be {}", key, text, description),
         fmt::format("set '{}' to a number {}", key, description));
  }
  return *value;
}

std::optional<double> Section::optional_double(std::string_view key, NumberRange range) {
  return optional_of(key, [&] { return required_double(key, range); });
}

int Section::required_int(std::string_view key, NumberRange range) {
  range.min = std::max(range.min, static_cast<double>(std::numeric_limits<int>::min()));
  range.max = std::min(range.max, static_cast<double>(std::numeric_limits<int>::max()));
  const std::string description = range.describe();
  const std::string expected = fmt::format("a whole number {}", description);
  const std::string text = required_scalar(key, expected);
  const auto value = text::parse_int(text);
  if (!value) reject_value(key, text, expected);
  if (!range.contains(static_cast<double>(*value))) {
    fail(key, fmt::format("'{}' is {}, but must be {}", key, text, description),
         fmt::format("set '{}' to a whole number {}", key, description));
  }
  return static_cast<int>(*value);
}

std::optional<int> Section::optional_int(std::string_view key, NumberRange range) {
  return optional_of(key, [&] { return required_int(key, range); });
}

bool Section::required_bool(std::string_view key) {
  return required_as(key, "true or false", parse_bool);
}

std::optional<bool> Section::optional_bool(std::string_view key) {
  return optional_as(key, "true or false", parse_bool);
}

model::TimeOfDay Section::required_time(std::string_view key) {
  return required_as(key, "a time of day like \"07:40\"", model::TimeOfDay::parse);
}

std::optional<model::TimeOfDay> Section::optional_time(std::string_view key) {
  return optional_as(key, "a time of day like \"07:40\"", model::TimeOfDay::parse);
}

std::string Section::required_choice(std::string_view key,
                                     const std::vector<std::string>& choices) {
  const std::string expected = fmt::format("one of {}", quoted_list(choices));
  const std::string value = required_scalar(key, expected);
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
  const std::string suggestion = text::closest_match(value, choices);
  std::string problem = fmt::format("'{}' is not a valid {}", value, key);
  if (!suggestion.empty()) problem += fmt::format(" (did you mean '{}'?)", suggestion);
  fail(key, problem, fmt::format("use {}", expected));
}

std::optional<std::string> Section::optional_choice(std::string_view key,
                                                    const std::vector<std::string>& choices) {
  return optional_of(key, [&] { return required_choice(key, choices); });
}

fs::path Section::required_path(std::string_view key, bool must_exist) {
  const fs::path written(required_string(key));
  const fs::path& base = impl_->doc->base_dir;
  fs::path resolved =
      (written.is_absolute() || base.empty() ? written : base / written).lexically_normal();
  // "out/" and "out" are the same folder; keep one spelling so paths compare equal.
  if (!resolved.has_filename() && resolved.has_relative_path()) resolved = resolved.parent_path();
  std::error_code ec;
  if (must_exist && !fs::exists(resolved, ec)) {
    const Entry* e = impl_->find(key);
    impl_->raise_at(
        impl_->value_pos(*e), key, fmt::format("file not found: {}", resolved.string()),
        base.empty() ? std::string("check the path")
                     : fmt::format("check the path; relative paths start from {}", base.string()),
        ErrorCode::kFileNotFound);
  }
  return resolved;
}

std::optional<fs::path> Section::optional_path(std::string_view key, bool must_exist) {
  return optional_of(key, [&] { return required_path(key, must_exist); });
}

// [SECTION] Section: lists
namespace {

constexpr std::string_view kListExpected = "a list like [a, b] or '- item' lines";

}  // namespace

std::vector<std::string> Section::required_string_list(std::string_view key,
                                                       std::size_t min_items) {
  const Entry* e = impl_->take(key);
  if (e == nullptr) impl_->missing(key, kListExpected);
  std::vector<std::string> out;
  if (e->value.IsNull()) {
    // An empty value is an empty list; the size check below decides whether that is enough.
  } else if (!e->value.IsSequence()) {
    impl_->raise_at(impl_->value_pos(*e), key,
                    fmt::format("wrong type for '{}': expected {}, got {}", key, kListExpected,
                                kind_name(e->value)),
                    fmt::format("write '{}: [value]'", key));
  } else {
    for (std::size_t i = 0; i < e->value.size(); ++i) {
      const YAML::Node item = e->value[i];
      const std::string item_key = fmt::format("{}[{}]", key, i);
      if (!item.IsScalar() || text::trim(item.Scalar()).empty()) {
        impl_->raise_at(
            pos_of(item, impl_->value_pos(*e)), item_key,
            fmt::format("list item {} of '{}' must be text, got {}", i, key, kind_name(item)),
            "write each item as plain text");
      }
      out.push_back(item.Scalar());
    }
  }
  if (out.size() < min_items) {
    fail(key, fmt::format("'{}' needs at least {} item(s), got {}", key, min_items, out.size()),
         fmt::format("list at least {} value(s) under '{}'", min_items, key));
  }
  return out;
}

std::optional<std::vector<std::string>> Section::optional_string_list(std::string_view key) {
  return optional_of(key, [&] { return required_string_list(key, 0); });
}

std::optional<std::vector<double>> Section::optional_double_list(std::string_view key) {
  const Entry* e = impl_->take(key);
  if (e == nullptr) return std::nullopt;
  std::vector<double> out;
  if (e->value.IsNull()) return out;
  if (!e->value.IsSequence()) {
    impl_->raise_at(
        impl_->value_pos(*e), key,
        fmt::format("wrong type for '{}': expected a list of numbers like [1, 2], got {}", key,
                    kind_name(e->value)),
        fmt::format("write '{}: [number, number, ...]'", key));
  }
  for (std::size_t i = 0; i < e->value.size(); ++i) {
    const YAML::Node item = e->value[i];
    const auto value = item.IsScalar() ? text::parse_double(item.Scalar()) : std::nullopt;
    if (!value) {
      impl_->raise_at(
          pos_of(item, impl_->value_pos(*e)), fmt::format("{}[{}]", key, i),
          fmt::format("list item {} of '{}' must be a number, got {}", i, key, kind_name(item)),
          "write plain numbers such as 104.05 (no units, no quotes)");
    }
    out.push_back(*value);
  }
  return out;
}

// [SECTION] Section: nested maps
Section Section::required_section(std::string_view key) {
  Impl& s = *impl_;
  if (const auto it = s.children.find(key); it != s.children.end()) return Section(it->second);
  const Entry* e = s.take(key);
  if (e == nullptr) s.missing(key, "a map of keys");
  if (!e->value.IsMap() && !e->value.IsNull()) {
    s.raise_at(s.value_pos(*e), key,
               fmt::format("wrong type for '{}': expected a map (key: value lines), got {}", key,
                           kind_name(e->value)),
               fmt::format("write the keys of '{}' indented on the lines below it", key));
  }
  auto c = s.child(join_path(s.path, key), e->value, e->key_pos);
  s.children.emplace(std::string(key), c);
  return Section(std::move(c));
}

std::optional<Section> Section::optional_section(std::string_view key) {
  return optional_of(key, [&] { return required_section(key); });
}

std::vector<Section> Section::required_section_list(std::string_view key, std::size_t min_items) {
  Impl& s = *impl_;
  std::vector<Section> out;
  if (const auto it = s.child_lists.find(key); it != s.child_lists.end()) {
    for (const auto& c : it->second) out.push_back(Section(c));
    return out;
  }
  const Entry* e = s.take(key);
  if (e == nullptr) s.missing(key, "a list of '- key: value' entries");
  if (!e->value.IsSequence() && !e->value.IsNull()) {
    s.raise_at(s.value_pos(*e), key,
               fmt::format("wrong type for '{}': expected a list of '- key: value' entries, got {}",
                           key, kind_name(e->value)),
               fmt::format("start each entry of '{}' with '- '", key));
  }
  std::vector<std::shared_ptr<Impl>> children;
  const std::size_t n = e->value.IsSequence() ? e->value.size() : 0;
  for (std::size_t i = 0; i < n; ++i) {
    const YAML::Node item = e->value[i];
    const std::string item_path = fmt::format("{}[{}]", join_path(s.path, key), i);
    const Pos item_pos = pos_of(item, s.value_pos(*e));
    if (!item.IsMap()) {
      raise(*s.doc, item_pos, item_path,
            fmt::format("entry {} of '{}' must be a map (key: value lines), got {}", i, key,
                        kind_name(item)),
            "write the entry as '- key: value' with its other keys indented below");
    }
    children.push_back(s.child(item_path, item, item_pos));
  }
  if (children.size() < min_items) {
    fail(key,
         fmt::format("'{}' needs at least {} entr{}, got {}", key, min_items,
                     min_items == 1 ? "y" : "ies", children.size()),
         fmt::format("add an entry under '{}'", key));
  }
  for (const auto& c : children) out.push_back(Section(c));
  s.child_lists.emplace(std::string(key), std::move(children));
  return out;
}

std::vector<Section> Section::optional_section_list(std::string_view key) {
  if (!has(key)) {
    impl_->allow(key);
    return {};
  }
  return required_section_list(key, 0);
}

// [SECTION] Section: errors
void Section::fail(std::string_view key, std::string_view problem, std::string_view fix) const {
  const Entry* e = impl_->find(key);
  impl_->raise_at(e != nullptr ? impl_->value_pos(*e) : impl_->pos, key, problem, std::string(fix));
}

void Section::fail_here(std::string_view problem, std::string_view fix) const {
  impl_->raise_at(impl_->pos, "", problem, std::string(fix));
}

void Section::reject_key(std::string_view key, const std::vector<std::string>& allowed,
                         std::string_view what) const {
  const Entry* e = impl_->find(key);
  if (e == nullptr) {
    impl_->raise_at(impl_->pos, key, fmt::format("unknown {} '{}'", what, key),
                    fmt::format("use one of {}", quoted_list(allowed)));
  }
  impl_->reject_key(*e, allowed, what);
}

// [SECTION] AnalysisSections
void AnalysisSections::put(std::string name, std::any value, int line) {
  entries_.insert_or_assign(std::move(name), Entry{std::move(value), line});
}

bool AnalysisSections::contains(std::string_view name) const {
  return entries_.find(name) != entries_.end();
}

const std::any* AnalysisSections::find(std::string_view name) const {
  const auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second.value;
}

void AnalysisSections::wrong_type(std::string_view name) {
  throw Error(ErrorCode::kInternal,
              fmt::format("analysis section '{}' was read back as another type than its parser "
                          "returned",
                          name));
}

int AnalysisSections::line_of(std::string_view name) const {
  const auto it = entries_.find(name);
  return it == entries_.end() ? 0 : it->second.line;
}

std::vector<std::string> AnalysisSections::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) out.push_back(name);
  return out;
}

// [SECTION] SectionRegistry
void SectionRegistry::add_erased(std::string name, ErasedParser parse) {
  if (name.empty() || !parse) {
    throw Error(ErrorCode::kInternal, "an analysis section needs a name and a parser");
  }
  if (parsers_.contains(name)) {
    throw Error(ErrorCode::kInternal,
                fmt::format("analysis section '{}' is registered twice", name));
  }
  parsers_.emplace(std::move(name), std::move(parse));
}

bool SectionRegistry::contains(std::string_view name) const {
  return parsers_.find(name) != parsers_.end();
}

std::vector<std::string> SectionRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, parser] : parsers_) out.push_back(name);
  return out;
}

std::any SectionRegistry::parse(std::string_view name, Section& section) const {
  const auto it = parsers_.find(name);
  if (it == parsers_.end()) {
    throw Error(ErrorCode::kInternal, fmt::format("no parser registered for '{}'", name));
  }
  std::any value = it->second(section);
  section.finish();
  return value;
}

}  // namespace huxiao::scenario
