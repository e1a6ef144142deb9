#pragma once
/**
 * @file status.hpp
 * Errors by value. The core throws nothing: every fallible call returns a Status or an
 * Expected<T> carrying a stable code, a message that says what was expected, and the place
 * (file, line, column, byte offset) where it went wrong.
 */

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace paperfeed {

/** Stable error codes; the numeric values are part of the C and JS APIs and never change. */
enum class ErrorCode : std::uint8_t {
  ok = 0,
  io_error = 1,        ///< a file could not be opened or read
  unknown_format = 2,  ///< the bytes are no feed format paperfeed knows
  malformed = 3,       ///< syntax error in JSON, XML or text
  truncated = 4,       ///< the input stops in the middle of a record or document
  invalid_value = 5,   ///< a field has the wrong type or an unusable value
  missing_field = 6,   ///< a required field (id, or both title and abstract) is absent
  too_large = 7,       ///< over a configured limit (record size, feed size)
  too_deep = 8,        ///< nesting deeper than the configured limit
  api_error = 9,       ///< the feed is an error response from the API that produced it
  invalid_argument = 10,  ///< a caller passed an unusable option
};

/** The stable lower-case name of an error code ("malformed", "too_large", …). */
const char* error_code_name(ErrorCode code) noexcept;

/** Byte offset value meaning "not known". */
inline constexpr std::uint64_t kUnknownOffset = ~std::uint64_t{0};

/** One failure, with where it happened. Line and column are 1-based; 0 means unknown. */
struct Error {
  ErrorCode code = ErrorCode::ok;
  std::string message;  ///< what went wrong and what was expected, without the position
  std::string file;     ///< the file as the caller named it ("-" for standard input), or empty
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::uint64_t offset = kUnknownOffset;  ///< byte offset from the start of the input

  /** "file:line:column: message" with whatever parts of the position are known. */
  std::string to_string() const;
};

/** Success, or one Error. */
class [[nodiscard]] Status {
 public:
  /** A successful status. */
  Status() = default;
  /** A failed status carrying @p error (its code should not be ErrorCode::ok). */
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  /** True when no error is carried. */
  bool ok() const noexcept { return error_.code == ErrorCode::ok; }
  explicit operator bool() const noexcept { return ok(); }
  /** The error; its code is ErrorCode::ok when the status is ok. */
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

/** A value of type T, or the Error that prevented it. */
template <class T>
class [[nodiscard]] Expected {
 public:
  /** Holds a value. */
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  /** Holds an error. */
  Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  /** True when a value is held. */
  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /** The value; only valid when ok(). */
  T& value() & { return *std::get_if<0>(&state_); }
  const T& value() const& { return *std::get_if<0>(&state_); }
  T&& value() && { return std::move(*std::get_if<0>(&state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  /** The error; only valid when !ok(). */
  const Error& error() const { return *std::get_if<1>(&state_); }

 private:
  std::variant<T, Error> state_;
};

/** Shorthand for building an Error without a position. */
inline Error make_error(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

}  // namespace paperfeed
