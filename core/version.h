#pragma once

namespace dc {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace dc
