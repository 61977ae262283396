#include "config/node_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace crm::config;
using namespace std::chrono_literals;

/// Each test gets its own directory and a clean CRMD_ADMIN_TOKEN.
class node_config_test : public ::testing::Test {
protected:
  void SetUp() override {
    auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("crm_config_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::create_directories(dir_);
    ::unsetenv("CRMD_ADMIN_TOKEN");
  }

  void TearDown() override {
    ::unsetenv("CRMD_ADMIN_TOKEN");
    std::filesystem::remove_all(dir_);
  }

  std::string write_file(const std::string& text) {
    auto path = (dir_ / "crmd.toml").string();
    std::ofstream{path} << text;
    return path;
  }

  static parse_result parse(std::initializer_list<std::string> args) {
    std::vector<std::string> storage{"crmd"};
    storage.insert(storage.end(), args);
    std::vector<const char*> argv;
    for (const auto& arg : storage)
      argv.push_back(arg.c_str());
    return parse_node_config(static_cast<int>(argv.size()), argv.data());
  }

  /// The keys of all errors, in order.
  static std::vector<std::string> keys(const parse_result& result) {
    std::vector<std::string> out;
    for (const auto& error : result.errors)
      out.push_back(error.key);
    return out;
  }

  static std::string details(const parse_result& result) {
    std::string out;
    for (const auto& error : result.errors)
      out += error.key + ": " + error.detail + "\n";
    return out;
  }

  std::filesystem::path dir_;
};

using strings = std::vector<std::string>;

// -- sources and precedence -----------------------------------------------------------------------

TEST_F(node_config_test, no_arguments_give_the_documented_defaults) {
  auto result = parse({});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_FALSE(result.help_requested);
  const auto& c = result.config;
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8000);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.admin_token, "");
  EXPECT_EQ(c.node_id, "node-1");
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.dedupe_retention, std::chrono::seconds{8 * 24 * 3600});
  EXPECT_TRUE(c.peers.empty());
  EXPECT_TRUE(c.tenants.empty());
}

TEST_F(node_config_test, every_flag_sets_its_field_in_both_spellings) {
  auto result = parse({"--listen=0.0.0.0:9001",
                       "--data-dir",
                       "/tmp/d",
                       "--admin-token=secret-1",
                       "--cluster-listen",
                       "[::1]:7000",
                       "--peers=a:1,b:2",
                       "--node-id",
                       "n-2",
                       "--io-threads=3",
                       "--actor-threads",
                       "4",
                       "--log-level=debug",
                       "--max-body-bytes",
                       "2048",
                       "--header-limit-bytes=4096",
                       "--read-timeout-ms",
                       "1500",
                       "--idle-timeout-ms=2500",
                       "--max-connections",
                       "7",
                       "--ingress-credits=8",
                       "--dedupe-retention-s",
                       "600",
                       "--conversation-idle-s=9",
                       "--max-batch-records",
                       "10",
                       "--web-root=/srv/web"});
  ASSERT_TRUE(result.ok()) << details(result);
  const auto& c = result.config;
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9001);
  EXPECT_EQ(c.data_dir, "/tmp/d");
  EXPECT_EQ(c.admin_token, "secret-1");
  EXPECT_EQ(c.cluster_listen, "[::1]:7000");
  EXPECT_EQ(c.peers, (strings{"a:1", "b:2"}));
  EXPECT_EQ(c.node_id, "n-2");
  EXPECT_EQ(c.io_threads, 3u);
  EXPECT_EQ(c.actor_threads, 4u);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.header_limit_bytes, 4096u);
  EXPECT_EQ(c.read_timeout, 1500ms);
  EXPECT_EQ(c.idle_timeout, 2500ms);
  EXPECT_EQ(c.max_connections, 7u);
  EXPECT_EQ(c.ingress_credits, 8u);
  EXPECT_EQ(c.dedupe_retention, 600s);
  EXPECT_EQ(c.conversation_idle, 9s);
  EXPECT_EQ(c.max_batch_records, 10u);
  EXPECT_EQ(c.web_root, "/srv/web");
}

TEST_F(node_config_test, file_keys_are_read_and_flags_win_over_them) {
  auto file = write_file("listen = \"10.1.1.1:8100\"\n"
                         "data_dir = \"/var/crmd\"\n"
                         "io_threads = 6\n"
                         "peers = [\"p1:9000\", \"p2:9000\"]\n"
                         "log_level = \"warn\"\n");
  auto result = parse({"--config", file, "--io-threads=2", "--log-level", "error"});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.listen_host, "10.1.1.1");
  EXPECT_EQ(result.config.listen_port, 8100);
  EXPECT_EQ(result.config.data_dir, "/var/crmd");
  EXPECT_EQ(result.config.peers, (strings{"p1:9000", "p2:9000"}));
  EXPECT_EQ(result.config.io_threads, 2u);
  EXPECT_EQ(result.config.log_level, "error");
}

TEST_F(node_config_test, flags_win_even_when_given_before_the_config_flag) {
  auto file = write_file("node_id = \"from-file\"\n");
  auto result = parse({"--node-id=from-flag", "--config=" + file});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.node_id, "from-flag");
}

TEST_F(node_config_test, peers_in_the_file_may_be_one_comma_separated_string) {
  auto file = write_file("peers = \"a:1,b:2\"\n");
  auto result = parse({"--config", file});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.peers, (strings{"a:1", "b:2"}));
}

TEST_F(node_config_test, env_admin_token_is_used_without_the_flag) {
  ::setenv("CRMD_ADMIN_TOKEN", "from-env", 1);
  auto result = parse({});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.admin_token, "from-env");
}

TEST_F(node_config_test, env_admin_token_wins_over_the_file) {
  ::setenv("CRMD_ADMIN_TOKEN", "from-env", 1);
  auto file = write_file("admin_token = \"from-file\"\n");
  auto result = parse({"--config", file});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.admin_token, "from-env");
}

TEST_F(node_config_test, admin_token_flag_wins_over_env_and_env_is_not_validated) {
  ::setenv("CRMD_ADMIN_TOKEN", "has space", 1);
  auto result = parse({"--admin-token", "from-flag"});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.admin_token, "from-flag");
}

TEST_F(node_config_test, bad_env_admin_token_is_refused_without_echoing_it) {
  ::setenv("CRMD_ADMIN_TOKEN", "top secret", 1);
  auto result = parse({});
  ASSERT_EQ(keys(result), (strings{"admin_token"}));
  EXPECT_NE(result.errors[0].detail.find("CRMD_ADMIN_TOKEN"), std::string::npos);
  EXPECT_EQ(result.errors[0].detail.find("top secret"), std::string::npos);
}

// -- errors name the key --------------------------------------------------------------------------

TEST_F(node_config_test, unknown_flag_is_an_error_naming_it) {
  auto result = parse({"--listen-port", "80"});
  EXPECT_EQ(keys(result), (strings{"--listen-port"}));
  auto with_equals = parse({"--verbose=1", "--node-id=x"});
  EXPECT_EQ(keys(with_equals), (strings{"--verbose"}));
  EXPECT_EQ(with_equals.config.node_id, "x");
}

TEST_F(node_config_test, positional_argument_is_an_error) {
  auto result = parse({"serve"});
  EXPECT_EQ(keys(result), (strings{"serve"}));
}

TEST_F(node_config_test, flag_without_value_is_an_error_naming_the_key) {
  EXPECT_EQ(keys(parse({"--data-dir"})), (strings{"data_dir"}));
  EXPECT_EQ(keys(parse({"--config"})), (strings{"config"}));
}

TEST_F(node_config_test, unknown_file_key_is_an_error_naming_it) {
  auto file = write_file("listen = \"127.0.0.1:1\"\nlisten_port = 80\n");
  auto result = parse({"--config", file});
  ASSERT_EQ(keys(result), (strings{"listen_port"}));
  EXPECT_NE(result.errors[0].detail.find(":2"), std::string::npos) << "names the line";
}

TEST_F(node_config_test, unknown_file_table_is_an_error_naming_it) {
  auto file = write_file("[server]\nlisten = \"127.0.0.1:1\"\n");
  EXPECT_EQ(keys(parse({"--config", file})), (strings{"server"}));
}

TEST_F(node_config_test, wrong_types_in_the_file_name_the_key) {
  auto file = write_file("io_threads = \"4\"\n"
                         "listen = 8000\n"
                         "peers = [1, 2]\n"
                         "max_connections = 1.5\n"
                         "log_level = true\n");
  auto result = parse({"--config", file});
  EXPECT_EQ(keys(result),
            (strings{"io_threads", "listen", "peers", "max_connections", "log_level"}))
      << details(result);
}

TEST_F(node_config_test, malformed_or_missing_file_is_an_error_on_config) {
  auto file = write_file("listen = \n");
  auto malformed = parse({"--config", file});
  ASSERT_EQ(keys(malformed), (strings{"config"}));
  EXPECT_NE(malformed.errors[0].detail.find(file + ":1:"), std::string::npos)
      << malformed.errors[0].detail;
  EXPECT_EQ(keys(parse({"--config", (dir_ / "missing.toml").string()})), (strings{"config"}));
}

TEST_F(node_config_test, bad_listen_addresses_are_refused) {
  for (auto bad : {"8000", "localhost", "localhost:", ":8000", "127.0.0.1:65536", "127.0.0.1:-1",
                   "127.0.0.1:80a", "[::1:80", "a b:80"}) {
    auto result = parse({"--listen", bad});
    ASSERT_EQ(keys(result), (strings{"listen"})) << bad;
    EXPECT_NE(result.errors[0].detail.find("HOST:PORT"), std::string::npos);
  }
}

TEST_F(node_config_test, listen_accepts_port_zero_and_ipv6) {
  auto zero = parse({"--listen=localhost:0"});
  ASSERT_TRUE(zero.ok()) << details(zero);
  EXPECT_EQ(zero.config.listen_port, 0);
  auto v6 = parse({"--listen=[::]:65535"});
  ASSERT_TRUE(v6.ok()) << details(v6);
  EXPECT_EQ(v6.config.listen_host, "::");
  EXPECT_EQ(v6.config.listen_port, 65535);
}

TEST_F(node_config_test, out_of_range_numbers_are_refused_with_the_range) {
  for (auto [flag, value, key] : {std::tuple{"--io-threads", "0", "io_threads"},
                                  {"--io-threads", "257", "io_threads"},
                                  {"--io-threads", "-1", "io_threads"},
                                  {"--io-threads", "two", "io_threads"},
                                  {"--io-threads", "", "io_threads"},
                                  {"--max-body-bytes", "99999999999999999999", "max_body_bytes"},
                                  {"--read-timeout-ms", "99", "read_timeout_ms"},
                                  {"--max-batch-records", "0", "max_batch_records"},
                                  {"--dedupe-retention-s", "59", "dedupe_retention_s"}}) {
    auto result = parse({std::string{flag} + "=" + value});
    ASSERT_EQ(keys(result), (strings{key})) << flag << " " << value;
    EXPECT_NE(result.errors[0].detail.find("Expected an integer from"), std::string::npos);
  }
  auto file = write_file("actor_threads = -4\n");
  EXPECT_EQ(keys(parse({"--config", file})), (strings{"actor_threads"}));
}

TEST_F(node_config_test, log_level_must_be_a_known_level) {
  for (auto level : {"trace", "debug", "info", "warn", "error"})
    EXPECT_TRUE(parse({"--log-level", level}).ok()) << level;
  for (auto level : {"INFO", "warning", "", "fatal"})
    EXPECT_EQ(keys(parse({"--log-level", level})), (strings{"log_level"})) << level;
}

TEST_F(node_config_test, peers_must_each_be_host_port) {
  auto result = parse({"--peers", "a:1,b,c:3"});
  ASSERT_EQ(keys(result), (strings{"peers"}));
  EXPECT_NE(result.errors[0].detail.find("Peer 2"), std::string::npos);
  EXPECT_EQ(keys(parse({"--peers=a:1,"})), (strings{"peers"}));
  auto empty = parse({"--peers="});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.config.peers.empty());
}

TEST_F(node_config_test, node_id_and_cluster_listen_are_validated) {
  EXPECT_EQ(keys(parse({"--node-id="})), (strings{"node_id"}));
  EXPECT_EQ(keys(parse({"--node-id=a/b"})), (strings{"node_id"}));
  EXPECT_EQ(keys(parse({"--cluster-listen=nowhere"})), (strings{"cluster_listen"}));
  EXPECT_TRUE(parse({"--cluster-listen="}).ok());
}

TEST_F(node_config_test, every_error_is_reported_not_just_the_first) {
  auto file = write_file("bogus = 1\nio_threads = 0\n");
  auto result = parse({"--config", file, "--listen=x", "--nope"});
  EXPECT_EQ(keys(result), (strings{"--nope", "bogus", "io_threads", "listen"}));
}

// -- tenants in the file --------------------------------------------------------------------------

TEST_F(node_config_test, tenant_tables_go_through_the_tenant_schema) {
  auto file = write_file("[tenants.acme]\n"
                         "name = \"ACME\"\n"
                         "auto_send_threshold = 90\n"
                         "[[tenants.acme.intent_rules]]\n"
                         "intent = \"greeting\"\n"
                         "keywords = [\"hi\"]\n"
                         "reply = \"Hello!\"\n"
                         "[tenants.acme.llm]\n"
                         "base_url = \"http://127.0.0.1:1234/v1\"\n");
  auto result = parse({"--config", file});
  ASSERT_TRUE(result.ok()) << details(result);
  ASSERT_EQ(result.config.tenants.size(), 1u);
  const auto& [id, tenant] = result.config.tenants[0];
  EXPECT_EQ(id, "acme");
  EXPECT_EQ(tenant.name, "ACME");
  EXPECT_EQ(tenant.auto_send_threshold, 90u);
  ASSERT_EQ(tenant.intent_rules.size(), 1u);
  EXPECT_EQ(tenant.intent_rules[0].reply, "Hello!");
  EXPECT_EQ(tenant.llm.base_url, "http://127.0.0.1:1234/v1");
  EXPECT_EQ(tenant.neutral_response, tenant_config{}.neutral_response);
}

TEST_F(node_config_test, tenant_errors_name_the_tenant_and_field) {
  auto file = write_file("[tenants.acme]\nauto_send_threshold = 101\n"
                         "[tenants.beta.llm]\nbase_ul = \"x\"\n"
                         "[tenants.Bad_Id]\n");
  auto result = parse({"--config", file});
  EXPECT_EQ(keys(result), (strings{"tenants.Bad_Id", "tenants.acme.auto_send_threshold",
                                   "tenants.beta.llm.base_ul"}))
      << details(result);
}

// -- help and docs --------------------------------------------------------------------------------

TEST_F(node_config_test, help_flags_request_help_and_skip_everything_else) {
  EXPECT_TRUE(parse({"--help"}).help_requested);
  auto short_help = parse({"-h", "--config", "/does/not/exist"});
  EXPECT_TRUE(short_help.help_requested);
  EXPECT_TRUE(short_help.ok());
  EXPECT_TRUE(parse({"--help-markdown"}).help_markdown_requested);
  EXPECT_FALSE(parse({}).help_requested);
}

TEST_F(node_config_test, help_lists_every_flag_with_its_default) {
  auto help = render_help();
  for (auto flag : {"--help",
                    "--config",
                    "--listen",
                    "--data-dir",
                    "--admin-token",
                    "--cluster-listen",
                    "--peers",
                    "--node-id",
                    "--io-threads",
                    "--actor-threads",
                    "--log-level",
                    "--max-body-bytes",
                    "--header-limit-bytes",
                    "--read-timeout-ms",
                    "--idle-timeout-ms",
                    "--max-connections",
                    "--ingress-credits",
                    "--dedupe-retention-s",
                    "--conversation-idle-s",
                    "--max-batch-records",
                    "--web-root",
                    "CRMD_ADMIN_TOKEN"})
    EXPECT_NE(help.find(std::string{"  "} + flag), std::string::npos) << flag;
  EXPECT_NE(help.find("Default: 127.0.0.1:8000."), std::string::npos);
  EXPECT_NE(help.find("Default: 4194304."), std::string::npos);
}

TEST_F(node_config_test, help_descriptions_start_in_one_column) {
  std::istringstream lines{render_help()};
  std::string line;
  std::optional<size_t> column;
  while (std::getline(lines, line)) {
    if (!line.starts_with("  -")) continue;
    auto gap = line.find("  ", 2);
    ASSERT_NE(gap, std::string::npos) << line;
    auto start = line.find_first_not_of(' ', gap);
    if (!column) column = start;
    EXPECT_EQ(start, *column) << line;
  }
  EXPECT_TRUE(column.has_value());
}

TEST_F(node_config_test, markdown_has_a_row_per_key) {
  auto doc = render_markdown();
  EXPECT_NE(doc.find("| key | flag | default | description |"), std::string::npos);
  EXPECT_NE(doc.find("| `listen` | `--listen HOST:PORT` | `127.0.0.1:8000` |"), std::string::npos);
  EXPECT_NE(doc.find("| `dedupe_retention_s` | `--dedupe-retention-s SECONDS` | `691200` |"),
            std::string::npos);
  EXPECT_NE(doc.find("| `llm.timeout_ms` |"), std::string::npos);
  EXPECT_NE(doc.find("| `intent_rules[].reply` |"), std::string::npos);
}

TEST_F(node_config_test, example_config_in_the_docs_is_valid) {
  auto file = write_file(example_config_toml());
  auto result = parse({"--config", file});
  ASSERT_TRUE(result.ok()) << details(result);
  EXPECT_EQ(result.config.peers.size(), 2u);
  ASSERT_EQ(result.config.tenants.size(), 1u);
  EXPECT_EQ(result.config.tenants[0].second.auto_send_threshold, 90u);
}

/// docs/config.md is generated; this fails when it drifts from the registry. To regenerate:
/// `CRM_UPDATE_DOCS=1 build/tests/config_tests --gtest_filter='*docs_config_md*'`
/// (or `crmd --help-markdown > docs/config.md`).
TEST_F(node_config_test, docs_config_md_matches_the_registry) {
  auto path = std::filesystem::path{CRM_SOURCE_DIR} / "docs" / "config.md";
  auto expected = render_markdown();
  if (const char* update = std::getenv("CRM_UPDATE_DOCS"); update && std::string{update} == "1")
    std::ofstream{path, std::ios::binary} << expected;
  std::ifstream file{path, std::ios::binary};
  ASSERT_TRUE(file) << path << " is missing";
  std::string actual{std::istreambuf_iterator<char>{file}, {}};
  EXPECT_EQ(actual, expected) << path
                              << " is stale: run CRM_UPDATE_DOCS=1 config_tests "
                                 "--gtest_filter='*docs_config_md*'";
}

} // namespace
