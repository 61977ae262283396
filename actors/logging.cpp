#include "actors/logging.hpp"

#include <boost/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

namespace crm::log {

namespace {

std::shared_ptr<spdlog::logger>& logger() {
  static auto instance = [] {
    auto l = spdlog::stderr_logger_mt("crmd");
    l->set_pattern("%v"); // the line is our JSON object, timestamp included
    return l;
  }();
  return instance;
}

spdlog::level::level_enum to_spdlog(level lvl) {
  switch (lvl) {
  case level::trace:
    return spdlog::level::trace;
  case level::debug:
    return spdlog::level::debug;
  case level::info:
    return spdlog::level::info;
  case level::warn:
    return spdlog::level::warn;
  case level::error:
    return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* name_of(level lvl) {
  static constexpr const char* names[] = {"trace", "debug", "info", "warn", "error"};
  return names[static_cast<int>(lvl)];
}

std::string utc_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = system_clock::to_time_t(now);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(ms));
  return buf;
}

} // namespace

void init(std::string_view threshold) {
  level lvl = level::info;
  if (threshold == "trace")
    lvl = level::trace;
  else if (threshold == "debug")
    lvl = level::debug;
  else if (threshold == "warn")
    lvl = level::warn;
  else if (threshold == "error")
    lvl = level::error;
  logger()->set_level(to_spdlog(lvl));
  logger()->flush_on(spdlog::level::warn);
  // Libraries (store/) log through spdlog's default logger, which writes to stdout: route it to
  // stderr as JSON lines too. Their messages are fixed sentences and LMDB codes (no quotes).
  auto library = spdlog::stderr_logger_mt("crmd-lib");
  library->set_pattern(
      R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","event":"library","msg":"%v"})",
      spdlog::pattern_time_type::utc);
  library->set_level(to_spdlog(lvl));
  spdlog::set_default_logger(library);
}

void write(level lvl, std::string_view event, std::initializer_list<field> fields) {
  auto& l = logger();
  if (!l->should_log(to_spdlog(lvl))) return;
  boost::json::object line;
  line["ts"] = utc_now();
  line["level"] = name_of(lvl);
  line["event"] = event;
  for (auto& [key, value] : fields)
    line[key] = value;
  l->log(to_spdlog(lvl), boost::json::serialize(line));
}

} // namespace crm::log
