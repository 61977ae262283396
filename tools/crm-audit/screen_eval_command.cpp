#include "screen_eval_command.hpp"

#include "actors/guardrails/eval.hpp"
#include "actors/guardrails/guard_db.hpp"
#include "config/tenant_config.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace crm::audit_tool {

namespace {

constexpr const char* usage = "usage: crm-audit screen-eval FILE [--tenant CONFIG.json]\n";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

} // namespace

int run_screen_eval(int argc, char** argv) {
  std::string corpus_path;
  std::string tenant_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--tenant" && i + 1 < argc) {
      tenant_path = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    } else if (corpus_path.empty() && !arg.starts_with("--")) {
      corpus_path = arg;
    } else {
      std::cerr << "crm-audit: unexpected argument " << arg << "\n" << usage;
      return 2;
    }
  }
  if (corpus_path.empty()) {
    std::cerr << usage;
    return 2;
  }

  config::tenant_config tenant;
  if (!tenant_path.empty()) {
    std::string json;
    if (!read_file(tenant_path, json)) {
      std::cerr << "crm-audit: cannot read " << tenant_path << "\n";
      return 1;
    }
    config::field_error error;
    auto parsed = config::parse_tenant_config(json, error);
    if (!parsed) {
      std::cerr << "crm-audit: invalid tenant config: " << error.field << ": " << error.detail
                << "\n";
      return 1;
    }
    tenant = std::move(*parsed);
  }

  auto compiled = guardrails::compile_guard_db(tenant);
  if (compiled.error) {
    std::cerr << "crm-audit: invalid_config: " << compiled.error->field << ": "
              << compiled.error->detail << "\n";
    return 1;
  }
  std::string error;
  auto corpus = guardrails::read_eval_corpus_file(corpus_path, error);
  if (!corpus) {
    std::cerr << "crm-audit: " << corpus_path << ": " << error << "\n";
    return 1;
  }
  guardrails::print_report(guardrails::evaluate(*compiled.db, *corpus), std::cout);
  return 0;
}

} // namespace crm::audit_tool
