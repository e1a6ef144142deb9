#include "feeds/json_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail::json {

namespace {

/** @p number rounded toward zero, a number beyond int64 held at its nearest end (not NaN). */
std::int64_t saturated_int64(double number) {
  constexpr double two_to_63 = 9223372036854775808.0;
  if (number >= two_to_63) return INT64_MAX;
  if (number < -two_to_63) return INT64_MIN;
  return static_cast<std::int64_t>(number);
}

}  // namespace

bool is_null(value v) {
  bool null = false;
  return !v.is_null().get(null) && null;
}

error_code read_string(value v, std::string& out) {
  out.clear();
  if (is_null(v)) return simdjson::SUCCESS;
  std::string_view s;
  if (auto err = v.get_string().get(s)) return err;
  out.assign(s.data(), s.size());
  return simdjson::SUCCESS;
}

error_code read_string_list(value v, std::vector<std::string>& out) {
  out.clear();
  if (is_null(v)) return simdjson::SUCCESS;
  simdjson::ondemand::array arr;
  if (auto err = v.get_array().get(arr)) return err;
  for (auto item : arr) {
    value iv;
    if (auto err = item.get(iv)) return err;
    if (is_null(iv)) continue;
    std::string_view s;
    if (auto err = iv.get_string().get(s)) return err;
    out.emplace_back(s);
  }
  return simdjson::SUCCESS;
}

error_code read_int(value v, std::optional<std::int64_t>& out) {
  out.reset();
  if (is_null(v)) return simdjson::SUCCESS;
  simdjson::ondemand::json_type type;
  if (auto err = v.type().get(type)) return err;
  if (type == simdjson::ondemand::json_type::number) {
    simdjson::ondemand::number n;
    if (auto err = v.get_number().get(n)) return err;
    if (n.is_int64()) {
      out = n.get_int64();
    } else if (n.is_uint64()) {
      out = static_cast<std::int64_t>(std::min<std::uint64_t>(n.get_uint64(), INT64_MAX));
    } else {
      const double number = n.get_double();
      if (std::isnan(number)) return simdjson::NUMBER_OUT_OF_RANGE;
      out = saturated_int64(number);
    }
    return simdjson::SUCCESS;
  }
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view s;
    if (auto err = v.get_string().get(s)) return err;
    if (s.empty()) return simdjson::SUCCESS;
    std::int64_t x = 0;
    for (char c : s) {
      if (c < '0' || c > '9' || x > INT64_MAX / 10 - 10) return simdjson::INCORRECT_TYPE;
      x = x * 10 + (c - '0');
    }
    out = x;
    return simdjson::SUCCESS;
  }
  return simdjson::INCORRECT_TYPE;
}

std::string_view type_name(value v) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return "invalid JSON";
  return type_name(type);
}

std::string_view type_name(simdjson::ondemand::json_type type) {
  switch (type) {
    case simdjson::ondemand::json_type::array: return "an array";
    case simdjson::ondemand::json_type::object: return "an object";
    case simdjson::ondemand::json_type::number: return "a number";
    case simdjson::ondemand::json_type::string: return "a string";
    case simdjson::ondemand::json_type::boolean: return "a boolean";
    case simdjson::ondemand::json_type::null: return "null";
  }
  return "an unknown value";
}

const char* location_of(value v) {
  const char* p = nullptr;
  if (v.current_location().get(p)) return nullptr;
  return p;
}

bool is_type_error(error_code error) {
  return error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE;
}

std::uint64_t offset_of(value v, const char* base) {
  const char* p = nullptr;
  if (v.current_location().get(p) || p == nullptr || p < base) return 0;
  return static_cast<std::uint64_t>(p - base);
}

std::string describe(error_code error) {
  std::string msg = simdjson::error_message(error);
  while (!msg.empty() && (msg.back() == '.' || msg.back() == ' ')) msg.pop_back();
  if (!msg.empty() && msg[0] >= 'A' && msg[0] <= 'Z') msg[0] = static_cast<char>(msg[0] - 'A' + 'a');
  return msg;
}

}  // namespace paperfeed::detail::json
