#include "io/cad.hpp"

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"

namespace huxiao::io {

bool DxfHeader::utf8_text() const {
  return version.size() == 6 && version >= "AC1021";
}

namespace {

std::string trimmed(std::string line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  std::size_t start = 0;
  while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
  return line.substr(start);
}

}  // namespace

DxfHeader read_dxf_header(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw Error(ErrorCode::kUnreadable, "cannot open the DXF file",
                {.file = file.string(), .fix = "check the path and the file's permissions"});
  DxfHeader header;
  // Group-code / value pairs; the header ends at the first ENDSEC.
  std::string code, value, variable;
  while (std::getline(in, code) && std::getline(in, value)) {
    code = trimmed(code);
    value = trimmed(value);
    if (code == "0" && (value == "ENDSEC" || value == "EOF")) break;
    if (code == "9") {
      variable = value;
      continue;
    }
    if (variable == "$ACADVER" && code == "1") header.version = value;
    if (variable == "$DWGCODEPAGE" && code == "3") header.codepage = value;
    if (variable == "$INSUNITS" && code == "70") header.insunits = std::atoi(value.c_str());
  }
  return header;
}

std::optional<double> metres_per_insunit(int code) {
  switch (code) {
    case 1:
      return 0.0254;  // inches
    case 2:
      return 0.3048;  // feet
    case 4:
      return 0.001;  // millimetres
    case 5:
      return 0.01;  // centimetres
    case 6:
      return 1.0;  // metres
    case 7:
      return 1000.0;  // kilometres
    case 14:
      return 0.1;  // decimetres
    default:
      return std::nullopt;
  }
}

}  // namespace huxiao::io
