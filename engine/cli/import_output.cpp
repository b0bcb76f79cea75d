#include "cli/import_output.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "store/project_store.hpp"

namespace huxiao::cli {

void print_summary(const quality::Report& report, std::size_t max_issues) {
  std::string out;
  for (const auto& [cls, n] : report.counts()) {
    out += fmt::format("  {:<10} {:>8}", cls, n);
    if (auto it = report.breakdown().find(cls);
        it != report.breakdown().end() && !it->second.empty()) {
      std::vector<std::string> parts;
      for (const auto& [k, v] : it->second) parts.push_back(fmt::format("{} {}", k, v));
      out += fmt::format("   ({})", fmt::join(parts, ", "));
    }
    out += "\n";
  }
  out += fmt::format(
      "problems: {} errors, {} warnings, {} notes\n", report.count(quality::Severity::kError),
      report.count(quality::Severity::kWarning), report.count(quality::Severity::kInfo));
  std::size_t shown = 0;
  for (const auto& i : report.issues()) {
    if (i.severity == quality::Severity::kInfo) continue;
    if (shown++ == max_issues) {
      out += "  ... (all problems are in the report files)\n";
      break;
    }
    out += fmt::format("  [{}] {}: {}: {}{}\n", quality::to_string(i.severity), i.code, i.where(),
                       i.message, i.action.empty() ? "" : " -> " + i.action);
  }
  std::fputs(out.c_str(), stdout);
}

void save_import(const ingest::ImportResult& result, const ImportFiles& files, Progress& progress) {
  store::write_project(files.store, result.project, &result.report, progress);
  write_text_file_atomic(files.report_json, result.report.to_json().dump(2) + "\n");
  write_text_file_atomic(files.report_text, result.report.to_text());
  std::fputs(fmt::format("wrote {} (CRS {}, {} features)\n", files.store.string(),
                         result.project.info.crs.label(), result.project.feature_count())
                 .c_str(),
             stdout);
  print_summary(result.report);
  std::fputs(fmt::format("data-quality report: {} and {}\n", files.report_text.string(),
                         files.report_json.string())
                 .c_str(),
             stdout);
}

}  // namespace huxiao::cli
