// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/expr/datetime.h"

#include <date/date.h>

#include <cstdio>

namespace corridor::engine::expr {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `*pos`.
bool ReadDigits(std::string_view s, std::size_t* pos, int n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, std::size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// -?YYYY+ (more than four digits only without a leading zero).
bool ReadYear(std::string_view s, std::size_t* pos, std::int32_t* year) {
  bool negative = false;
  if (*pos < s.size() && s[*pos] == '-') {
    negative = true;
    ++*pos;
  }
  const std::size_t start = *pos;
  while (*pos < s.size() && IsDigit(s[*pos])) ++*pos;
  const std::size_t n = *pos - start;
  if (n < 4 || n > 5) return false;  // the date library's range
  if (n > 4 && s[start] == '0') return false;
  std::int32_t v = 0;
  for (std::size_t i = start; i < *pos; ++i) v = v * 10 + (s[i] - '0');
  if (v > 32767) return false;
  *year = negative ? -v : v;
  return true;
}

bool ReadTime(std::string_view s, std::size_t* pos, DateTime* dt, bool* is24) {
  int h, m, sec;
  if (!ReadDigits(s, pos, 2, &h) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, &m) ||
      !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, &sec)) {
    return false;
  }
  std::string fraction;
  if (*pos < s.size() && s[*pos] == '.') {
    ++*pos;
    const std::size_t start = *pos;
    while (*pos < s.size() && IsDigit(s[*pos])) ++*pos;
    if (*pos == start) return false;
    fraction.assign(s.substr(start, *pos - start));
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  if (m > 59 || sec > 59) return false;
  if (h == 24) {
    if (m != 0 || sec != 0 || !fraction.empty()) return false;
    *is24 = true;
    h = 0;
  } else if (h > 23) {
    return false;
  }
  dt->hour = static_cast<std::uint8_t>(h);
  dt->minute = static_cast<std::uint8_t>(m);
  dt->second = static_cast<std::uint8_t>(sec);
  dt->fraction = std::move(fraction);
  return true;
}

bool ReadTimezone(std::string_view s, std::size_t* pos, DateTime* dt) {
  if (*pos == s.size()) return true;
  if (s[*pos] == 'Z') {
    ++*pos;
    dt->tz_minutes = 0;
    return true;
  }
  if (s[*pos] != '+' && s[*pos] != '-') return false;
  const bool negative = s[*pos] == '-';
  ++*pos;
  int h, m;
  if (!ReadDigits(s, pos, 2, &h) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, &m)) return false;
  if (m > 59 || h > 14 || (h == 14 && m != 0)) return false;
  const int minutes = h * 60 + m;
  dt->tz_minutes = static_cast<std::int16_t>(negative ? -minutes : minutes);
  return true;
}

std::int64_t DaysFromCivil(std::int32_t y, unsigned m, unsigned d) {
  return date::sys_days(date::year_month_day{date::year(y), date::month(m), date::day(d)})
      .time_since_epoch()
      .count();
}

void SetCivilFromDays(std::int64_t days, DateTime* dt) {
  const date::year_month_day ymd{date::sys_days(date::days(days))};
  dt->year = static_cast<int>(ymd.year());
  dt->month = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.month()));
  dt->day = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.day()));
}

// Seconds for comparison: UTC if there is a timezone, else the local time
// shifted by `assumed_tz` minutes.
std::int64_t Instant(const DateTime& d, int assumed_tz) {
  return d.local_seconds - 60 * static_cast<std::int64_t>(d.tz_minutes ? *d.tz_minutes : assumed_tz);
}

int CompareAt(const DateTime& a, const DateTime& b, int tz_a, int tz_b) {
  const std::int64_t x = Instant(a, tz_a), y = Instant(b, tz_b);
  if (x != y) return x < y ? -1 : 1;
  const int c = a.fraction.compare(b.fraction);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

std::optional<DateTime> DateTime::Parse(TemporalKind kind, std::string_view lexical) {
  DateTime dt;
  dt.kind = kind;
  std::size_t pos = 0;
  bool is24 = false;
  int month = 1, day = 1;
  if (kind != TemporalKind::kTime) {
    if (!ReadYear(lexical, &pos, &dt.year) || !Expect(lexical, &pos, '-') ||
        !ReadDigits(lexical, &pos, 2, &month) || !Expect(lexical, &pos, '-') ||
        !ReadDigits(lexical, &pos, 2, &day)) {
      return std::nullopt;
    }
    const date::year_month_day ymd{date::year(dt.year), date::month(month), date::day(day)};
    if (!ymd.ok()) return std::nullopt;
    dt.month = static_cast<std::uint8_t>(month);
    dt.day = static_cast<std::uint8_t>(day);
  }
  if (kind == TemporalKind::kDateTime && !Expect(lexical, &pos, 'T')) return std::nullopt;
  if (kind != TemporalKind::kDate && !ReadTime(lexical, &pos, &dt, &is24)) return std::nullopt;
  if (!ReadTimezone(lexical, &pos, &dt) || pos != lexical.size()) return std::nullopt;

  std::int64_t days = kind == TemporalKind::kTime ? 0 : DaysFromCivil(dt.year, dt.month, dt.day);
  if (is24 && kind == TemporalKind::kDateTime) {
    ++days;
    SetCivilFromDays(days, &dt);
  }
  dt.local_seconds = days * 86400 + dt.hour * 3600 + dt.minute * 60 + dt.second;
  return dt;
}

std::string DateTime::ToString() const {
  std::string out;
  char buf[64];
  if (kind != TemporalKind::kTime) {
    const int y = year < 0 ? -year : year;
    std::snprintf(buf, sizeof buf, "%s%04d-%02u-%02u", year < 0 ? "-" : "", y, unsigned{month},
                  unsigned{day});
    out += buf;
  }
  if (kind == TemporalKind::kDateTime) out.push_back('T');
  if (kind != TemporalKind::kDate) {
    std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", unsigned{hour}, unsigned{minute},
                  unsigned{second});
    out += buf;
    if (!fraction.empty()) {
      out.push_back('.');
      out += fraction;
    }
  }
  out += TimezoneString();
  return out;
}

std::string DateTime::SecondsLexical() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", unsigned{second});
  std::string out(buf);
  if (!fraction.empty()) {
    out.push_back('.');
    out += fraction;
  }
  return out;
}

std::string DateTime::TimezoneDuration() const {
  int m = *tz_minutes;
  if (m == 0) return "PT0S";
  std::string out;
  if (m < 0) {
    out.push_back('-');
    m = -m;
  }
  out += "PT";
  if (m / 60) out += std::to_string(m / 60) + "H";
  if (m % 60) out += std::to_string(m % 60) + "M";
  return out;
}

std::string DateTime::TimezoneString() const {
  if (!tz_minutes) return "";
  int m = *tz_minutes;
  if (m == 0) return "Z";
  char buf[16];
  const char sign = m < 0 ? '-' : '+';
  if (m < 0) m = -m;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, m / 60, m % 60);
  return buf;
}

std::optional<int> CompareDateTimes(const DateTime& a, const DateTime& b) {
  if (a.tz_minutes.has_value() == b.tz_minutes.has_value()) return CompareAt(a, b, 0, 0);
  // XSD §3.2.7.3: a value without a timezone lies somewhere in
  // [-14:00, +14:00]; the order is determinate only if both ends agree.
  const int lo = a.tz_minutes ? CompareAt(a, b, 0, 14 * 60) : CompareAt(a, b, 14 * 60, 0);
  const int hi = a.tz_minutes ? CompareAt(a, b, 0, -14 * 60) : CompareAt(a, b, -14 * 60, 0);
  if (lo == hi && lo != 0) return lo;
  return std::nullopt;
}

int CompareDateTimesTotal(const DateTime& a, const DateTime& b) {
  // Agrees with CompareDateTimes wherever that is determinate (values more
  // than 14 hours apart), and is a strict weak order, which sorting needs.
  const int c = CompareAt(a, b, 0, 0);
  if (c != 0) return c;
  // Same instant when read as UTC: the one with a timezone first.
  if (a.tz_minutes.has_value() == b.tz_minutes.has_value()) return 0;
  return a.tz_minutes.has_value() ? -1 : 1;
}

}  // namespace corridor::engine::expr
