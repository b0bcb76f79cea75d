#include "viewer/backends/font.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace huxiao::viewer {

namespace {

int face_index_for(const std::filesystem::path& p) {
  // Noto Sans CJK collections hold JP, KR, SC, TC, HK in this order.
  const std::string name = p.filename().string();
  return name.starts_with("NotoSansCJK") || name.starts_with("NotoSerifCJK") ? 2 : 0;
}

std::optional<std::filesystem::path> ask_fontconfig() {
  struct Closer {
    void operator()(FILE* f) const { pclose(f); }
  };
  std::unique_ptr<FILE, Closer> pipe(popen("fc-match -f '%{file}' ':lang=zh-cn' 2>/dev/null", "r"));
  if (!pipe) return std::nullopt;
  std::array<char, 1024> buf{};
  const std::size_t n = std::fread(buf.data(), 1, buf.size() - 1, pipe.get());
  const std::filesystem::path path(std::string(buf.data(), n));
  const std::string ext = path.extension().string();
  if (n == 0 || !std::filesystem::exists(path) || (ext != ".ttc" && ext != ".ttf" && ext != ".otf"))
    return std::nullopt;
  return path;
}

}  // namespace

std::optional<CjkFont> find_cjk_font() {
  if (const char* env = std::getenv("HUXIAO_CJK_FONT"); env && std::filesystem::exists(env))
    return CjkFont{env, face_index_for(env)};
  static constexpr const char* kKnown[] = {
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
      "/usr/share/fonts/truetype/arphic/uming.ttc",
  };
  for (const char* p : kKnown)
    if (std::filesystem::exists(p)) return CjkFont{p, face_index_for(p)};
  if (auto p = ask_fontconfig()) return CjkFont{*p, face_index_for(*p)};
  return std::nullopt;
}

}  // namespace huxiao::viewer
