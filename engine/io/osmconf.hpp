#pragma once

#include <string_view>

namespace huxiao::io {

// The text of engine/io/osmconf.ini, compiled in so the program needs no data files at run time.
std::string_view osmconf_ini();

}  // namespace huxiao::io
