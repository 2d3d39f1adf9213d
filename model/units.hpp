// Unit conversions. Internally isvsim keeps time in hours and length in micrometres.
#pragma once

namespace isv::model::units {

inline constexpr double kHoursPerDay = 24.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kMinutesPerHour = 60.0;
inline constexpr double kUmPerMm = 1000.0;
inline constexpr double kUm3PerMm3 = 1.0e9;

constexpr double days_to_hours(double days) { return days * kHoursPerDay; }
constexpr double hours_to_days(double hours) { return hours / kHoursPerDay; }
constexpr double per_second_to_per_hour(double rate) { return rate * kSecondsPerHour; }
constexpr double per_minute_to_per_hour(double rate) { return rate * kMinutesPerHour; }

}  // namespace isv::model::units
