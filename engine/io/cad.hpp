#pragma once
// What GDAL's DXF driver does not tell: the drawing's units and the text encoding it was saved
// with. Design institutes draw in millimetres ($INSUNITS 4) and AutoCAD 2007+ files (AC1021 and
// later) hold UTF-8 text whatever $DWGCODEPAGE says, which GDAL 3.6 does not know.

#include <filesystem>
#include <optional>
#include <string>

namespace huxiao::io {

struct DxfHeader {
  std::string version;   // $ACADVER, e.g. "AC1015" (AutoCAD 2000), "AC1021" (2007); empty if absent
  std::string codepage;  // $DWGCODEPAGE, e.g. "ANSI_936" (GBK); empty if absent
  int insunits = 0;      // $INSUNITS; 0 = unitless
  bool utf8_text() const;  // AC1021 or later
};

// Reads the HEADER section of an ASCII DXF. Throws Error(kUnreadable) naming the file if it
// cannot be read; a binary DXF or one without a header gives an empty header.
DxfHeader read_dxf_header(const std::filesystem::path& file);

// Metres per drawing unit for an $INSUNITS code; nullopt for 0 (unitless) and unknown codes.
std::optional<double> metres_per_insunit(int code);

}  // namespace huxiao::io
