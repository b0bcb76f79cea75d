#include "geo/chinese_offsets.hpp"

#include <cmath>
#include <numbers>

namespace huxiao::geo {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kKrasovskyA = 6378245.0;                // semi-major axis the formula uses
constexpr double kKrasovskyEe = 0.00669342162296594323;  // its first eccentricity squared
constexpr double kBdFactor = kPi * 3000.0 / 180.0;

double offset_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offset_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Solves forward(x) = target for x by fixed-point iteration. Both offsets have a Jacobian close
// to the identity, so x_{k+1} = x_k - (forward(x_k) - target) converges in a handful of steps.
template <class Forward>
Point invert(const Point& target, Forward forward) {
  constexpr double kToleranceDeg = 1e-12;  // about 0.1 micrometre
  Point x = target;
  for (int i = 0; i < 50; ++i) {
    const Point f = forward(x);
    const double dx = f.x - target.x;
    const double dy = f.y - target.y;
    x.x -= dx;
    x.y -= dy;
    if (std::fabs(dx) < kToleranceDeg && std::fabs(dy) < kToleranceDeg) break;
  }
  return x;
}

}  // namespace

bool outside_china(const Point& p) {
  return !(p.x > 73.66 && p.x < 135.05 && p.y > 3.86 && p.y < 53.55);
}

Point wgs84_to_gcj02(const Point& wgs) {
  if (outside_china(wgs)) return wgs;
  double dlat = offset_lat(wgs.x - 105.0, wgs.y - 35.0);
  double dlon = offset_lon(wgs.x - 105.0, wgs.y - 35.0);
  const double radlat = wgs.y / 180.0 * kPi;
  double magic = std::sin(radlat);
  magic = 1.0 - kKrasovskyEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kKrasovskyA / sqrt_magic * std::cos(radlat) * kPi);
  return {wgs.x + dlon, wgs.y + dlat};
}

Point gcj02_to_wgs84(const Point& gcj) {
  if (outside_china(gcj)) return gcj;
  return invert(gcj, wgs84_to_gcj02);
}

Point gcj02_to_bd09(const Point& gcj) {
  const double z = std::sqrt(gcj.x * gcj.x + gcj.y * gcj.y) + 0.00002 * std::sin(gcj.y * kBdFactor);
  const double theta = std::atan2(gcj.y, gcj.x) + 0.000003 * std::cos(gcj.x * kBdFactor);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point bd09_to_gcj02(const Point& bd) {
  return invert(bd, gcj02_to_bd09);
}

Point wgs84_to_bd09(const Point& wgs) {
  return gcj02_to_bd09(wgs84_to_gcj02(wgs));
}

Point bd09_to_wgs84(const Point& bd) {
  return gcj02_to_wgs84(bd09_to_gcj02(bd));
}

}  // namespace huxiao::geo
