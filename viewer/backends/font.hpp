#pragma once
// Finds a font with Chinese glyphs at run time (fonts-noto-cjk or fonts-wqy-microhei on Debian).

#include <filesystem>
#include <optional>

namespace huxiao::viewer {

struct CjkFont {
  std::filesystem::path path;
  int index = 0;  // face within a .ttc collection (Noto CJK: 2 = Simplified Chinese)
};

// Known Debian paths first, then fontconfig (`fc-match :lang=zh-cn`); nullopt if none.
std::optional<CjkFont> find_cjk_font();

// What to tell the user when none is found.
inline constexpr const char* kNoCjkFontHelp =
    "no font with Chinese glyphs found: names will show as '?'. Install one: "
    "apt-get install fonts-noto-cjk (or fonts-wqy-microhei), or set HUXIAO_CJK_FONT=/path/font.ttc";

}  // namespace huxiao::viewer
