// The operator console as crmd serves it: built files from --web-root with their content types
// and caching, client routes falling back to the page, and the API untouched beside it.

#include "node_test.hpp"

#include <fstream>

using namespace crm::test;
namespace fs = std::filesystem;

namespace {

struct console : ::testing::Test {
  crmd_process node;
  fs::path root;

  void SetUp() override {
    root = node.data_dir().parent_path() / (node.data_dir().filename().string() + "-web");
    fs::create_directories(root / "assets");
    std::ofstream{root / "index.html"} << "<!doctype html><title>crmd console</title>";
    std::ofstream{root / "assets" / "index-a1b2c3.js"} << "export const x = 1;";
    node.start({"--web-root", root.string()});
  }
  void TearDown() override { fs::remove_all(root); }

  static std::string header(const crm::net::client_response& r, const std::string& name) {
    return r.header(name);
  }
};

} // namespace

TEST_F(console, the_page_is_served_at_the_root_and_for_client_routes) {
  for (auto path : {"/", "/admin", "/queue"}) {
    auto r = node.call("GET", path, {}, {{"Accept", "text/html"}});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(header(r, "content-type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(r.body.find("crmd console"), std::string::npos) << path;
    EXPECT_EQ(header(r, "cache-control"), "no-cache");
  }
  // A browser navigating to a console page under /admin gets the page, an API client the API.
  auto page = node.call("GET", "/admin/audit", {}, {{"Accept", "text/html,*/*"}});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("crmd console"), std::string::npos);
  auto api = node.admin("GET", "/admin/tenants");
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(header(api, "content-type"), "application/json");
}

TEST_F(console, hashed_assets_are_cached_for_good) {
  auto r = node.call("GET", "/assets/index-a1b2c3.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(console, missing_files_and_escapes_get_a_json_404) {
  for (auto path : {"/assets/missing.js", "/nothing.png", "/assets/%2e%2e/%2e%2e/etc/passwd",
                    "/queue"}) { // no browser asking: an API client gets the API's 404
    auto r = node.call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(json_of(r).at("error"), "not_found") << path;
  }
}
