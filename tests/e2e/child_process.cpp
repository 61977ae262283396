#include "child_process.hpp"

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace crm::test {

child_process::~child_process() {
  if (running()) kill_hard();
  std::error_code ec;
  std::filesystem::remove(log_path_, ec);
}

void child_process::start(const std::vector<std::string>& argv,
                          const std::function<bool(const std::string&)>& ready) {
  if (running()) throw std::runtime_error(argv.at(0) + " is already running");
  std::error_code ec;
  auto log_offset = std::filesystem::exists(log_path_) ? std::filesystem::file_size(log_path_) : 0;
  pid_ = fork();
  if (pid_ == 0) {
    int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd, STDERR_FILENO);
    dup2(fd, STDOUT_FILENO);
    std::vector<char*> args;
    for (auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error(argv[0] + " exited during start-up:\n" + log());
    }
    if (ready(log().substr(log_offset))) return;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  kill_hard();
  throw std::runtime_error(argv[0] + " did not become ready:\n" + log());
}

int child_process::stop() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void child_process::kill_hard() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string child_process::log() const {
  std::ifstream in{log_path_};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string last_log_line(const std::string& log, const std::string& key_value) {
  auto pos = log.rfind(key_value);
  if (pos == std::string::npos) return {};
  auto line_end = log.find('\n', pos);
  if (line_end == std::string::npos) return {}; // the line is still being written
  auto line_start = log.rfind('\n', pos);
  auto begin = line_start == std::string::npos ? 0 : line_start + 1;
  return log.substr(begin, line_end - begin);
}

} // namespace crm::test
