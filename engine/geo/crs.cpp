#include "geo/crs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <proj.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "geo/chinese_offsets.hpp"

namespace huxiao::geo {
namespace {

struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

ContextPtr make_context() {
  ContextPtr ctx(proj_context_create());
  // Network grids cannot be fetched here, and silent fetching would make results depend on it.
  proj_context_set_enable_network(ctx.get(), 0);
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  return ctx;
}

PjPtr create_crs(PJ_CONTEXT* ctx, const std::string& definition) {
  return PjPtr(proj_create(ctx, definition.c_str()));
}

bool is_crs_type(PJ_TYPE t) {
  switch (t) {
    case PJ_TYPE_GEOGRAPHIC_2D_CRS:
    case PJ_TYPE_GEOGRAPHIC_3D_CRS:
    case PJ_TYPE_GEOCENTRIC_CRS:
    case PJ_TYPE_PROJECTED_CRS:
    case PJ_TYPE_COMPOUND_CRS:
    case PJ_TYPE_BOUND_CRS:
    case PJ_TYPE_GEODETIC_CRS:
    case PJ_TYPE_OTHER_CRS:
      return true;
    default:
      return false;
  }
}

const std::string& bad_crs_fix() {
  static const std::string fix =
      "use EPSG:<code> (e.g. EPSG:4326 for WGS84 lon/lat, EPSG:4490 for CGCS2000), "
      "GCJ-02 for Amap/Tencent coordinates or BD-09 for Baidu coordinates";
  return fix;
}

}  // namespace

Crs Crs::parse(std::string_view user_text) {
  const std::string t = text::trim(user_text);
  const std::string key = text::to_lower_ascii(t);
  if (key == "gcj-02" || key == "gcj02" || key == "gcj" || key == "mars") {
    return {"EPSG:4326", ChineseOffset::kGcj02};
  }
  if (key == "bd-09" || key == "bd09" || key == "baidu") return {"EPSG:4326", ChineseOffset::kBd09};
  if (key == "wgs84" || key == "wgs-84") return wgs84();
  if (key == "cgcs2000") return {"EPSG:4490", ChineseOffset::kNone};
  if (t.empty()) {
    throw Error(ErrorCode::kBadCrs, "empty coordinate reference system", {.fix = bad_crs_fix()});
  }
  std::string definition = t;
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    definition = "EPSG:" + t;  // a bare number is an EPSG code in every GIS dialog
  }
  auto ctx = make_context();
  auto pj = create_crs(ctx.get(), definition);
  if (!pj || !is_crs_type(proj_get_type(pj.get()))) {
    throw Error(ErrorCode::kBadCrs,
                fmt::format("'{}' is not a coordinate reference system PROJ knows", t),
                {.fix = bad_crs_fix()});
  }
  return {definition, ChineseOffset::kNone};
}

std::string Crs::label() const {
  switch (offset) {
    case ChineseOffset::kGcj02:
      return "GCJ-02";
    case ChineseOffset::kBd09:
      return "BD-09";
    case ChineseOffset::kNone:
      break;
  }
  if (const auto code = epsg()) return fmt::format("EPSG:{}", *code);
  if (definition.starts_with("+proj")) return definition;  // a PROJ string says what it is
  auto ctx = make_context();
  auto pj = create_crs(ctx.get(), definition);
  if (pj) {
    if (const char* name = proj_get_name(pj.get())) return name;
  }
  return definition.substr(0, 40);
}

bool Crs::is_geographic() const {
  if (offset != ChineseOffset::kNone) return true;
  auto ctx = make_context();
  auto pj = create_crs(ctx.get(), definition);
  if (!pj) return false;
  const PJ_TYPE t = proj_get_type(pj.get());
  if (t == PJ_TYPE_BOUND_CRS) {
    PjPtr base(proj_get_source_crs(ctx.get(), pj.get()));
    return base && (proj_get_type(base.get()) == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
                    proj_get_type(base.get()) == PJ_TYPE_GEOGRAPHIC_3D_CRS);
  }
  return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

std::optional<int> Crs::epsg() const {
  if (offset != ChineseOffset::kNone) return std::nullopt;
  auto ctx = make_context();
  auto pj = create_crs(ctx.get(), definition);
  if (!pj) return std::nullopt;
  const char* auth = proj_get_id_auth_name(pj.get(), 0);
  const char* code = proj_get_id_code(pj.get(), 0);
  if (auth == nullptr || code == nullptr) {
    // WKT without an ID: ask PROJ for a confident match in the EPSG database.
    int* confidence = nullptr;
    PJ_OBJ_LIST* matches = proj_identify(ctx.get(), pj.get(), "EPSG", nullptr, &confidence);
    std::optional<int> found;
    if (matches != nullptr && proj_list_get_count(matches) > 0 && confidence[0] >= 90) {
      PjPtr best(proj_list_get(ctx.get(), matches, 0));
      if (const char* c = proj_get_id_code(best.get(), 0)) found = std::atoi(c);
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(matches);
    return found;
  }
  if (std::string_view(auth) != "EPSG") return std::nullopt;
  return std::atoi(code);
}

std::string Crs::wkt() const {
  auto ctx = make_context();
  auto pj = create_crs(ctx.get(), definition);
  if (!pj) return {};
  const char* w = proj_as_wkt(ctx.get(), pj.get(), PJ_WKT2_2019, nullptr);
  return w ? std::string(w) : std::string();
}

Crs utm_crs_for(const Point& lonlat) {
  int zone = static_cast<int>(std::floor((lonlat.x + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  const int base = lonlat.y >= 0.0 ? 32600 : 32700;
  return {fmt::format("EPSG:{}", base + zone), ChineseOffset::kNone};
}

// [SECTION] Transformer

struct Transformer::Impl {
  ContextPtr ctx;
  PjPtr pj;  // null when from and to are the same CRS
  ChineseOffset from_offset = ChineseOffset::kNone;
  ChineseOffset to_offset = ChineseOffset::kNone;
};

Transformer::Transformer(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = make_context();
  impl_->from_offset = from.offset;
  impl_->to_offset = to.offset;
  if (from.definition == to.definition) return;
  PjPtr raw(proj_create_crs_to_crs(impl_->ctx.get(), from.definition.c_str(), to.definition.c_str(),
                                   nullptr));
  if (!raw) {
    throw Error(ErrorCode::kBadCrs,
                fmt::format("no transformation from {} to {}", from.label(), to.label()),
                {.fix = bad_crs_fix()});
  }
  // Always x = easting/longitude, y = northing/latitude, whatever the authority's axis order.
  impl_->pj.reset(proj_normalize_for_visualization(impl_->ctx.get(), raw.get()));
  if (!impl_->pj) {
    throw Error(ErrorCode::kBadCrs, fmt::format("cannot normalise the axis order from {} to {}",
                                                from.label(), to.label()));
  }
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

std::optional<Point> Transformer::apply(const Point& p) const {
  Point q = p;
  if (!apply_in_place(std::span<Point>(&q, 1))) return std::nullopt;
  return q;
}

bool Transformer::apply_in_place(std::span<Point> points) const {
  if (points.empty()) return true;
  bool all_ok = true;
  for (auto& p : points) {
    if (impl_->from_offset == ChineseOffset::kGcj02) p = gcj02_to_wgs84(p);
    if (impl_->from_offset == ChineseOffset::kBd09) p = bd09_to_wgs84(p);
  }
  if (impl_->pj) {
    proj_trans_generic(impl_->pj.get(), PJ_FWD, &points[0].x, sizeof(Point), points.size(),
                       &points[0].y, sizeof(Point), points.size(), nullptr, 0, 0, nullptr, 0, 0);
  }
  for (auto& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x == HUGE_VAL) {
      p = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
      all_ok = false;
      continue;
    }
    if (impl_->to_offset == ChineseOffset::kGcj02) p = wgs84_to_gcj02(p);
    if (impl_->to_offset == ChineseOffset::kBd09) p = wgs84_to_bd09(p);
  }
  return all_ok;
}

}  // namespace huxiao::geo
