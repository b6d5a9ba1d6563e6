// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// xsd:dateTime, xsd:date and xsd:time values: parsing of the XSD lexical
// forms, canonical output, the XSD order (with the ±14:00 rule for values
// without a timezone) and the parts SPARQL's date functions return.
// Calendar arithmetic comes from Howard Hinnant's date library; years are
// limited to its range (-32767..32767).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::engine::expr {

enum class TemporalKind : std::uint8_t { kDateTime, kDate, kTime };

struct DateTime {
  TemporalKind kind = TemporalKind::kDateTime;
  // The fields as written, except that 24:00:00 is normalised to 00:00:00
  // of the next day. For kTime the date fields are 1970-01-01; for kDate
  // the time fields are zero.
  std::int32_t year = 1970;
  std::uint8_t month = 1;
  std::uint8_t day = 1;
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;
  std::string fraction;  // digits of the fractional second, no trailing zeros
  std::optional<std::int16_t> tz_minutes;  // offset from UTC, if any
  // Seconds from 1970-01-01T00:00:00 of the local (as written) time.
  std::int64_t local_seconds = 0;

  // nullopt if `lexical` is not in the lexical space of `kind`.
  static std::optional<DateTime> Parse(TemporalKind kind, std::string_view lexical);
  // The canonical lexical form (timezone 0 written "Z").
  std::string ToString() const;
  // SECONDS(): "13.815" style decimal lexical form of the seconds.
  std::string SecondsLexical() const;
  // TIMEZONE(): the offset as xsd:dayTimeDuration ("-PT5H", "PT0S").
  // REQUIRES: tz_minutes.
  std::string TimezoneDuration() const;
  // TZ(): "Z", "-05:00", or "" without a timezone.
  std::string TimezoneString() const;
};

// The XSD order of two values of the same kind: <0, 0, >0, or nullopt when
// the order is indeterminate (one has a timezone, the other not, and they
// are within 14 hours of each other).
std::optional<int> CompareDateTimes(const DateTime& a, const DateTime& b);

// A total order for sorting (ORDER BY): CompareDateTimes where determinate,
// else values without a timezone taken as UTC.
int CompareDateTimesTotal(const DateTime& a, const DateTime& b);

}  // namespace corridor::engine::expr
