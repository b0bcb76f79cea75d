#include "demo/names.hpp"

#include <array>
#include <span>
#include <string_view>

#include <fmt/format.h>

namespace huxiao::demo {
namespace {

using Words = std::span<const std::string_view>;

constexpr std::array<std::string_view, 10> kDigits = {"零", "一", "二", "三", "四",
                                                      "五", "六", "七", "八", "九"};

constexpr std::array<std::string_view, 48> kFirst = {
    "新", "龙", "石", "清", "白", "黄", "青", "马", "大", "小", "上", "下", "东", "西", "南", "北",
    "高", "平", "安", "永", "太", "长", "金", "凤", "云", "河", "田", "山", "水", "竹", "桃", "李",
    "柳", "松", "花", "红", "兴", "富", "民", "和", "三", "双", "沙", "岩", "勐", "芒", "曼", "那"};
constexpr std::array<std::string_view, 30> kSecond = {
    "街", "桥", "坝", "坪", "河", "口", "山", "营", "寨", "塘", "湾", "溪", "沟", "岭", "城",
    "场", "庄", "铺", "店", "关", "堡", "头", "岗", "渡", "冲", "林", "田", "洞", "寺", "屯"};

constexpr std::array<std::string_view, 40> kStreetWords = {
    "人民", "建设", "解放", "文化", "新华", "团结", "胜利", "和平", "民主", "振兴",
    "兴华", "光明", "学府", "育才", "滨河", "环城", "迎宾", "朝阳", "东风", "友谊",
    "幸福", "南屏", "北辰", "春城", "彩云", "金桥", "青年", "体育", "园林", "工业",
    "商贸", "银杏", "桂花", "翠湖", "月湖", "龙泉", "凤凰", "长安", "康宁", "景兴"};

constexpr std::array<std::string_view, 16> kKindergartenBrands = {
    "小太阳", "童心", "蓝天", "金色摇篮", "贝贝",   "阳光", "七彩", "启智",
    "小天使", "博雅", "育英", "彩虹",     "智慧树", "新蕾", "春苗", "乐乐"};

std::string_view pick(Rng& rng, Words words) {
  return words[rng.below(words.size())];
}

std::string joined(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size());
  s.append(a).append(b);
  return s;
}

// [SECTION] POI names by category
std::string lottery_name(Rng& rng) {
  return rng.chance(0.5) ? fmt::format("中国福利彩票第{:04}号投注站", rng.between(1, 9999))
                         : fmt::format("中国体育彩票{:05}投注站", rng.between(1, 99999));
}

std::string brand_name(Words brands, Words kinds, const std::string& town_stem, Rng& rng) {
  std::string name = rng.chance(0.3) ? town_stem : std::string{};
  name.append(pick(rng, brands)).append(pick(rng, kinds));
  return name;
}

}  // namespace

std::string chinese_number(std::size_t n) {
  if (n == 0 || n > 9999) return fmt::format("{}", n);
  static constexpr std::array<std::string_view, 4> kUnits = {"", "十", "百", "千"};
  std::string out;
  bool pending_zero = false;
  for (int unit = 3; unit >= 0; --unit) {
    std::size_t scale = 1;
    for (int i = 0; i < unit; ++i) scale *= 10;
    const std::size_t digit = (n / scale) % 10;
    if (digit == 0) {
      pending_zero = !out.empty();
      continue;
    }
    if (pending_zero) out.append(kDigits[0]);
    pending_zero = false;
    // "十二", not "一十二", when ten leads the number.
    if (!(unit == 1 && digit == 1 && out.empty())) out.append(kDigits[digit]);
    out.append(kUnits[static_cast<std::size_t>(unit)]);
  }
  return out;
}

std::string NameBook::claim(const std::string& base, const std::string& suffix) {
  std::string name = base;
  for (std::size_t k = 2; used_.contains(name); ++k) name = base + chinese_number(k) + suffix;
  used_.insert(name);
  return name;
}

std::string place_stem(Rng& rng, NameBook& book) {
  for (int attempt = 0; attempt < 40; ++attempt) {
    std::string stem = joined(pick(rng, kFirst), pick(rng, kSecond));
    if (!book.taken(stem)) return book.claim(stem);
  }
  return book.claim(joined(pick(rng, kFirst), pick(rng, kSecond)));
}

std::string syllable(Rng& rng) {
  return std::string(pick(rng, kFirst));
}

std::string street_name(std::size_t index, bool east_west) {
  std::string name(kStreetWords[index % kStreetWords.size()]);
  if (index >= kStreetWords.size()) name += chinese_number(index / kStreetWords.size() + 1);
  name.append(east_west ? "路" : "街");
  return name;
}

std::string kindergarten_brand(Rng& rng) {
  return std::string(pick(rng, kKindergartenBrands));
}

std::string poi_name(model::PoiCategory category, const std::string& town_stem, Rng& rng) {
  using model::PoiCategory;
  static constexpr std::array<std::string_view, 8> kCafe = {"星空", "极速", "网鱼", "飞扬",
                                                            "蓝海", "云端", "战神", "天下"};
  static constexpr std::array<std::string_view, 3> kCafeKind = {"网吧", "网咖", "电竞馆"};
  static constexpr std::array<std::string_view, 5> kArcade = {"欢乐", "金币", "星际", "大玩家",
                                                              "童梦"};
  static constexpr std::array<std::string_view, 3> kArcadeKind = {"电玩城", "游戏厅", "游艺厅"};
  static constexpr std::array<std::string_view, 6> kBar = {"金色年华", "纯K",  "唱吧",
                                                           "夜色",     "麦霸", "星光"};
  static constexpr std::array<std::string_view, 3> kBarKind = {"KTV", "酒吧", "音乐会所"};
  static constexpr std::array<std::string_view, 5> kShop = {"利民", "便民", "兴隆", "诚信", "顺发"};
  static constexpr std::array<std::string_view, 3> kTobaccoKind = {"烟草专卖店", "烟店", "名烟店"};
  static constexpr std::array<std::string_view, 3> kAlcoholKind = {"烟酒店", "酒行", "酒坊"};
  static constexpr std::array<std::string_view, 6> kHotel = {"如家", "锦江", "顺心",
                                                             "温馨", "悦来", "迎宾"};
  static constexpr std::array<std::string_view, 4> kHotelKind = {"宾馆", "快捷酒店", "旅馆",
                                                                 "招待所"};
  static constexpr std::array<std::string_view, 4> kCards = {"老友", "闲来", "好运", "开心"};
  static constexpr std::array<std::string_view, 3> kCardsKind = {"棋牌室", "麻将馆", "茶室棋牌"};
  static constexpr std::array<std::string_view, 3> kNews = {"城市", "邮政", "便民"};
  static constexpr std::array<std::string_view, 2> kNewsKind = {"报刊亭", "书报亭"};
  switch (category) {
    case PoiCategory::kInternetCafe:
      return brand_name(kCafe, kCafeKind, town_stem, rng);
    case PoiCategory::kGameArcade:
      return brand_name(kArcade, kArcadeKind, town_stem, rng);
    case PoiCategory::kBarKtv:
      return brand_name(kBar, kBarKind, town_stem, rng);
    case PoiCategory::kTobacco:
      return brand_name(kShop, kTobaccoKind, town_stem, rng);
    case PoiCategory::kAlcohol:
      return brand_name(kShop, kAlcoholKind, town_stem, rng);
    case PoiCategory::kLottery:
      return lottery_name(rng);
    case PoiCategory::kHotel:
      return brand_name(kHotel, kHotelKind, town_stem, rng);
    case PoiCategory::kGambling:
      return brand_name(kCards, kCardsKind, town_stem, rng);
    case PoiCategory::kNewsstand:
      return brand_name(kNews, kNewsKind, town_stem, rng);
  }
  return town_stem + "商店";
}

}  // namespace huxiao::demo
