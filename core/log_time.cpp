// The docker CLI's time values (its timetypes.GetTimestamp), without a regex: each form is read
// left to right by a small cursor.
#include "core/log_time.h"

#include <cctype>
#include <ctime>

#include "core/error.h"

namespace dc {

namespace {

using std::chrono::nanoseconds;

// Reads the text left to right; every reader leaves the cursor alone when it fails.
struct Cursor {
    const std::string& text;
    std::size_t at = 0;

    bool done() const { return at == text.size(); }
    bool eat(char c) {
        if (done() || text[at] != c) return false;
        ++at;
        return true;
    }
    // Exactly `count` digits.
    std::optional<int> digits(std::size_t count) {
        if (text.size() - at < count) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            char c = text[at + i];
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            value = value * 10 + (c - '0');
        }
        at += count;
        return value;
    }
    // One or more digits as text.
    std::string run_of_digits() {
        std::size_t from = at;
        while (!done() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
        return text.substr(from, at - from);
    }
};

// Nine digits of a fraction ("5" is 500000000 ns); extra digits are dropped.
long long fraction_nanos(const std::string& digits) {
    std::string nine = (digits + "000000000").substr(0, 9);
    return std::stoll(nine);
}

// "2006-01-02", then "T15", ":04", ":05", ".999999999" and a zone ("Z", "+07:00"), each optional
// after the one before it. Without a zone the time is local.
std::optional<TimePoint> parse_calendar(const std::string& text) {
    Cursor in{text};
    std::tm tm{};
    auto year = in.digits(4);
    if (!year || !in.eat('-')) return std::nullopt;
    auto month = in.digits(2);
    if (!month || !in.eat('-')) return std::nullopt;
    auto day = in.digits(2);
    if (!day) return std::nullopt;
    tm.tm_year = *year - 1900;
    tm.tm_mon = *month - 1;
    tm.tm_mday = *day;
    long long nanos = 0;
    if (in.eat('T')) {
        auto hour = in.digits(2);
        if (!hour) return std::nullopt;
        tm.tm_hour = *hour;
        if (in.eat(':')) {
            auto minute = in.digits(2);
            if (!minute) return std::nullopt;
            tm.tm_min = *minute;
            if (in.eat(':')) {
                auto second = in.digits(2);
                if (!second) return std::nullopt;
                tm.tm_sec = *second;
                if (in.eat('.')) {
                    std::string fraction = in.run_of_digits();
                    if (fraction.empty()) return std::nullopt;
                    nanos = fraction_nanos(fraction);
                }
            }
        }
    }
    if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60) {
        return std::nullopt;
    }
    std::time_t seconds = 0;
    if (in.eat('Z') || in.eat('z')) {
        seconds = timegm(&tm);
    } else if (!in.done() && (in.text[in.at] == '+' || in.text[in.at] == '-')) {
        int sign = in.text[in.at++] == '-' ? -1 : 1;
        auto hours = in.digits(2);
        if (!hours || !in.eat(':')) return std::nullopt;
        auto minutes = in.digits(2);
        if (!minutes) return std::nullopt;
        seconds = timegm(&tm) - sign * (*hours * 3600 + *minutes * 60);
    } else {
        tm.tm_isdst = -1;
        seconds = std::mktime(&tm);
    }
    if (!in.done()) return std::nullopt;
    return TimePoint(std::chrono::seconds(seconds)) +
           std::chrono::duration_cast<TimePoint::duration>(nanoseconds(nanos));
}

// Unix seconds with an optional fraction: "1700000000", "1700000000.5".
std::optional<TimePoint> parse_unix(const std::string& text) {
    Cursor in{text};
    std::string seconds = in.run_of_digits();
    if (seconds.empty() || seconds.size() > 12) return std::nullopt;
    long long nanos = 0;
    if (in.eat('.')) {
        std::string fraction = in.run_of_digits();
        if (fraction.empty()) return std::nullopt;
        nanos = fraction_nanos(fraction);
    }
    if (!in.done()) return std::nullopt;
    return TimePoint(std::chrono::seconds(std::stoll(seconds))) +
           std::chrono::duration_cast<TimePoint::duration>(nanoseconds(nanos));
}

// The nanoseconds of one of Go's duration units, or 0 for none.
double unit_nanos(const std::string& unit) {
    if (unit == "ns") return 1;
    if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1e3;
    if (unit == "ms") return 1e6;
    if (unit == "s") return 1e9;
    if (unit == "m") return 60e9;
    if (unit == "h") return 3600e9;
    return 0;
}

}  // namespace

std::optional<nanoseconds> parse_go_duration(const std::string& text) {
    Cursor in{text};
    int sign = in.eat('-') ? -1 : (in.eat('+'), 1);
    if (in.done()) return std::nullopt;
    if (in.text.substr(in.at) == "0") return nanoseconds(0);
    double total = 0;
    while (!in.done()) {
        std::string whole = in.run_of_digits();
        std::string fraction;
        if (in.eat('.')) fraction = in.run_of_digits();
        if (whole.empty() && fraction.empty()) return std::nullopt;
        std::size_t from = in.at;
        while (!in.done() && !std::isdigit(static_cast<unsigned char>(in.text[in.at])) &&
               in.text[in.at] != '.') {
            ++in.at;
        }
        double nanos = unit_nanos(in.text.substr(from, in.at - from));
        if (nanos == 0) return std::nullopt;
        double number = std::stod((whole.empty() ? "0" : whole) + "." + fraction + "0");
        total += number * nanos;
    }
    return nanoseconds(static_cast<long long>(sign * total));
}

TimePoint parse_log_time(const std::string& flag, const std::string& value, TimePoint now) {
    if (value != "0") {
        if (auto duration = parse_go_duration(value)) {
            return now - std::chrono::duration_cast<TimePoint::duration>(*duration);
        }
    }
    if (auto time = parse_calendar(value)) return *time;
    if (auto time = parse_unix(value)) return *time;
    throw Error(ErrorKind::Failure, "invalid value for \"" + flag +
                                        "\": failed to parse value as time or duration: \"" +
                                        value + "\"");
}

std::optional<int> parse_tail(const std::string& value) {
    if (value == "all" || value.empty()) return std::nullopt;
    Cursor in{value};
    bool negative = in.eat('-');
    std::string digits = in.run_of_digits();
    if (digits.empty() || !in.done() || digits.size() > 9) {
        throw Error(ErrorKind::Usage,
                    "invalid --tail \"" + value + "\": use a number of lines or all");
    }
    if (negative) return std::nullopt;
    return std::stoi(digits);
}

}  // namespace dc
