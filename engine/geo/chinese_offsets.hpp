#pragma once
// GCJ-02 ("Mars coordinates", used by Amap, Tencent and most Chinese map services) and BD-09
// (Baidu) are WGS84 longitudes/latitudes with a deliberate, non-linear offset of 100–700 m.
// The forward formulas are public; the inverses are solved by fixed-point iteration to far below
// 1 cm — the common one-step inverse is off by metres, which would misplace a 200 m safety zone.

#include "geo/geometry.hpp"

namespace huxiao::geo {

// x = longitude, y = latitude, in degrees. Outside China the offsets are the identity.
bool outside_china(const Point& lonlat);
Point wgs84_to_gcj02(const Point& wgs);
Point gcj02_to_wgs84(const Point& gcj);
Point gcj02_to_bd09(const Point& gcj);
Point bd09_to_gcj02(const Point& bd);
Point wgs84_to_bd09(const Point& wgs);
Point bd09_to_wgs84(const Point& bd);

}  // namespace huxiao::geo
