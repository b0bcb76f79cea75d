#pragma once
// What `import` and `run` print and write after an import: the store, the data-quality report
// (JSON + text) and a short summary on the terminal.

#include <filesystem>

#include "ingest/importer.hpp"

namespace huxiao::cli {

struct ImportFiles {
  std::filesystem::path store;
  std::filesystem::path report_json;
  std::filesystem::path report_text;
};

// Writes the store and the report files (each atomically) and prints the summary.
void save_import(const ingest::ImportResult& result, const ImportFiles& files, Progress& progress);
void print_summary(const quality::Report& report, std::size_t max_issues = 25);

}  // namespace huxiao::cli
