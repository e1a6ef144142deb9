#include "paperfeed/status.hpp"

namespace paperfeed {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::unknown_format: return "unknown_format";
    case ErrorCode::malformed: return "malformed";
    case ErrorCode::truncated: return "truncated";
    case ErrorCode::invalid_value: return "invalid_value";
    case ErrorCode::missing_field: return "missing_field";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::too_deep: return "too_deep";
    case ErrorCode::api_error: return "api_error";
    case ErrorCode::invalid_argument: return "invalid_argument";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string out = file;
  if (line != 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  } else if (offset != kUnknownOffset) {
    if (!out.empty()) out += ':';
    out += "byte " + std::to_string(offset);
  }
  if (!out.empty()) out += ": ";
  out += message;
  return out;
}

}  // namespace paperfeed
