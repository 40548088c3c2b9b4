// `ogan serve` (docs/serve.md): the protocol of run::Controller on the OKU data at a small sample,
// and a whole day driven through the `ogan serve` program over stdin/stdout, checked against
// `ogan run` of the same day with the closure as a timed policy.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/results/hdf5.hpp"
#include "engine/run/control.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/h5_datasets.hpp"

using namespace ogan;
using json = nlohmann::json;

namespace {

std::string temp_path(const std::string& name) {
  return ogan::test::scratch_dir() / ("ogan-control-" + std::to_string(::getpid()) + "-" + name);
}

// One controller for the protocol tests: the OKU test scenario at a 2 % sample, one iteration.
run::Controller& controller() {
  static run::Controller c = [] {
    run::RunOptions o;
    o.sample = 0.02;
    o.iterations = 1;
    o.seed = 5;
    return run::Controller(run::open_run(test::oku_scenario_file(), o));
  }();
  return c;
}

json ask(const std::string& line) {
  const auto reply = controller().handle(line);
  EXPECT_EQ(reply.find('\n'), std::string::npos) << reply;
  return json::parse(reply);
}

// The clock still answers: the controller is alive after whatever came before.
void expect_alive() {
  const auto r = ask(R"({"cmd":"time","id":"alive"})");
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["id"], "alive");
}

void expect_error(const std::string& request, const std::string& part) {
  const auto r = ask(request);
  EXPECT_FALSE(r["ok"].get<bool>()) << request << " -> " << r.dump();
  const auto message = r.value("error", std::string());
  EXPECT_NE(message.find(part), std::string::npos) << request << " -> " << message;
  expect_alive();
}

TEST(Control, MalformedJsonGetsAnErrorReplyAndTheNextCommandWorks) {
  expect_error("{\"cmd\": \"time\"", "malformed JSON");
  expect_error("not json at all", "malformed JSON");
  expect_error("[1, 2]", "a request is a JSON object");
  expect_error(R"({"id": 3})", "needs \"cmd\"");
  expect_error(R"({"cmd": 7})", "needs \"cmd\"");
  expect_error(std::string("{\"cmd\":\"\xff\xfe\"}"), "malformed JSON");
}

TEST(Control, AnUnknownCommandGetsAnErrorReplyWithItsIdAndTheNextCommandWorks) {
  const auto r = ask(R"({"cmd":"teleport","id":42})");
  EXPECT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["id"], 42);
  EXPECT_NE(r["error"].get<std::string>().find("unknown command 'teleport'"), std::string::npos);
  expect_alive();
}

TEST(Control, BadArgumentsGetErrorRepliesAndChangeNothing) {
  const double before = ask(R"({"cmd":"time"})")["time_s"].get<double>();
  expect_error(R"({"cmd":"advance"})", "one of 'to' (HH:MM) or 'by_s'");
  expect_error(R"({"cmd":"advance","to":9})", "'to': expected a string");
  expect_error(R"({"cmd":"advance","to":"9 o'clock"})", "'to':");
  expect_error(R"({"cmd":"advance","by_s":"900"})", "'by_s': expected a number");
  expect_error(R"({"cmd":"advance","by_s":-5})", "'by_s': expected 0 or more");
  expect_error(R"({"cmd":"advance","to":"05:00","tp":1})", "unknown argument 'tp'");
  expect_error(R"({"cmd":"link","link":99999999})", "no link 99999999");
  expect_error(R"({"cmd":"link","link":"seven"})", "expected an integer");
  expect_error(R"({"cmd":"link","name":"Jalan Yang Tidak Ada"})", "no road or bridge is named");
  expect_error(R"({"cmd":"link"})", "one of 'link'");
  expect_error(R"({"cmd":"facility","facility":-1})", "no facility -1");
  expect_error(R"({"cmd":"facility","name":"Nowhere"})", "no facility is named 'Nowhere'");
  expect_error(R"({"cmd":"zone","zone":"no-such-code"})", "no zone has the code");
  expect_error(R"({"cmd":"event","kind":"flood","links":[1]})", "unknown event 'flood'");
  expect_error(R"({"cmd":"event","kind":"close_links"})", "needs 'links' (ids) or 'road'");
  expect_error(R"({"cmd":"event","kind":"close_links","links":[1,-4]})", "'links[1]': no link -4");
  expect_error(R"({"cmd":"event","kind":"capacity","links":[1]})", "'value': missing");
  expect_error(R"({"cmd":"event","kind":"capacity","links":[1],"value":-3})", "'value'");
  expect_error(R"({"cmd":"event","kind":"servers","facility":"Disdukcapil OKU"})",
               "'count': missing");
  expect_error(R"({"cmd":"event","kind":"close_links","facility":3,"links":[1]})",
               "'facility': not an argument of a close_links event");
  expect_error(R"({"cmd":"snapshot"})", "'path': missing");
  expect_error(R"({"cmd":"finish","output":42})", "'output': expected a string");
  expect_error(R"({"cmd":"observe","dir":"/no/such/folder"})", "/no/such/folder");
  EXPECT_EQ(ask(R"({"cmd":"time"})")["time_s"].get<double>(), before);
  EXPECT_TRUE(controller().run().day().pending().empty());
}

TEST(Control, TheDayAdvancesAndATimeInThePastIsRefused) {
  auto r = ask(R"({"cmd":"advance","to":"06:00","id":"a"})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["id"], "a");
  EXPECT_EQ(r["time"], "06:00");
  EXPECT_EQ(r["time_s"].get<double>(), 6 * 3600.0);
  r = ask(R"({"cmd":"advance","by_s":900})");
  EXPECT_EQ(r["time"], "06:15");
  expect_error(R"({"cmd":"advance","to":"06:00"})", "06:00 is before the day's clock (06:15)");
  expect_error(R"({"cmd":"event","kind":"close_links","links":[0],"at":"05:00"})",
               "05:00 is before the day's clock");
}

TEST(Control, LinksFacilitiesAndZonesAnswerWithTheirStateNow) {
  ask(R"({"cmd":"advance","to":"07:00"})");
  auto r = ask(R"({"cmd":"link","name":"Jembatan Ogan I"})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  ASSERT_GE(r["links"].size(), 1u);
  for (const auto& l : r["links"]) {
    EXPECT_EQ(l["name"], "Jembatan Ogan I");
    for (const char* k : {"vehicles", "pcu", "queue_pcu", "storage_pcu", "capacity_pcu_h",
                          "volume_today", "closed"})
      EXPECT_TRUE(l.contains(k)) << k;
    EXPECT_GT(l["capacity_pcu_h"].get<double>(), 0);
    EXPECT_FALSE(l["closed"].get<bool>());
  }
  const int id = r["links"][0]["id"].get<int>();
  const auto one = ask(fmt::format(R"({{"cmd":"link","link":{}}})", id));
  EXPECT_EQ(one["links"].size(), 1u);
  EXPECT_EQ(one["links"][0], r["links"][0]);

  r = ask(R"({"cmd":"facility","name":"Disdukcapil OKU"})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  ASSERT_EQ(r["facilities"].size(), 1u);
  const auto& f = r["facilities"][0];
  EXPECT_EQ(f["type"], "civil_registry");
  EXPECT_TRUE(f["queue"].get<bool>());
  EXPECT_GT(f["servers"].get<int>(), 0);

  const auto& zones = controller().run().world().zones;
  r = ask(json{{"cmd", "zone"}, {"zone", zones.id[0]}}.dump());
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["zones"][0]["name"], zones.name[0]);
  EXPECT_GT(r["zones"][0]["residents"].get<double>(), 0);
}

TEST(Control, AnEventClosesTheBridgeAtItsTimeAndReopensIt) {
  ask(R"({"cmd":"advance","to":"08:00"})");
  auto r =
      ask(R"({"cmd":"event","kind":"close_links","road":"Jembatan Ogan I","at":"08:30","id":1})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  ASSERT_EQ(r["scheduled"].size(), 1u);
  EXPECT_EQ(r["scheduled"][0]["at"], "08:30");
  EXPECT_EQ(r["scheduled"][0]["description"], "serve close_links 'Jembatan Ogan I'");
  r = ask(R"({"cmd":"event","kind":"reopen_links","road":"Jembatan Ogan I","at":"09:00"})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  auto closed = [] {
    return ask(R"({"cmd":"link","name":"Jembatan Ogan I"})")["links"][0]["closed"].get<bool>();
  };
  EXPECT_FALSE(closed());
  ask(R"({"cmd":"advance","to":"08:45"})");
  EXPECT_TRUE(closed());
  ask(R"({"cmd":"advance","to":"09:00"})");
  EXPECT_FALSE(closed());
  r = ask(R"({"cmd":"event","kind":"servers","facility":"Disdukcapil OKU","count":2})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  ask(R"({"cmd":"advance","by_s":60})");
  EXPECT_EQ(ask(R"({"cmd":"facility","name":"Disdukcapil OKU"})")["facilities"][0]["servers"], 2);
  const auto& applied = controller().run().day().applied();
  ASSERT_GE(applied.size(), 3u);
  EXPECT_EQ(applied[applied.size() - 3].at_s, 8.5 * 3600);
}

TEST(Control, CompareAnswersTheObservationKpisEvenWithoutObservations) {
  const auto r = ask(R"({"cmd":"compare"})");
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_TRUE(r["kpis"].contains("obs_count_records"));
  EXPECT_EQ(r["observations"]["counts"], 0);
}

// --- ogan serve as a program ------------------------------------------------------------------

// `ogan serve ...` with pipes on its stdin and stdout (stderr into a log file).
class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::string& log) {
    int in[2], out[2];
    EXPECT_EQ(::pipe(in), 0);
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 2);
      ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]), ::close(fd);
      std::vector<char*> argv{const_cast<char*>(OGAN_EXE)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(OGAN_EXE, argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = ::fdopen(in[1], "w");
    from_ = ::fdopen(out[0], "r");
  }
  ~ServeProcess() {
    if (to_) std::fclose(to_);
    if (from_) std::fclose(from_);
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
  }
  json read() {
    std::string line;
    int c = 0;
    while ((c = std::fgetc(from_)) != EOF && c != '\n') line += static_cast<char>(c);
    if (line.empty()) return json{{"ok", false}, {"error", "no reply (the server ended)"}};
    return json::parse(line);
  }
  json request(const std::string& line) {
    std::fputs((line + "\n").c_str(), to_);
    std::fflush(to_);
    return read();
  }
  int wait() {
    std::fclose(to_);
    to_ = nullptr;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* to_ = nullptr;
  std::FILE* from_ = nullptr;
};

std::string slurp(const std::string& path) {
  std::string log;
  if (std::FILE* f = std::fopen(path.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) log.append(buf, n);
    std::fclose(f);
  }
  return log;
}

using test::datasets_of;

// A dataset's values as bytes (variable-length strings as their text, one per line).
std::string dataset_bytes(hid_t file, const std::string& path) {
  results::H5Id d(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  results::H5Id type(H5Dget_type(d.get()));
  if (H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0) {
    std::string out;
    for (const auto& s : results::read_strings(file, path)) out += s + "\n";
    return out;
  }
  results::H5Id space(H5Dget_space(d.get()));
  const auto n = H5Sget_simple_extent_npoints(space.get());
  std::string out(static_cast<std::size_t>(n) * H5Tget_size(type.get()), '\0');
  if (n > 0) H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  return out;
}

// Every dataset of two results files, byte for byte, but for the wall times of the iterations
// and the datasets of /scenario that name the scenario file itself (its YAML, its policy list
// and its input files) — only /scenario/events, what happened during the day, is compared.
void expect_same_datasets(const std::string& a, const std::string& b) {
  results::H5Id fa(H5Fopen(a.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  results::H5Id fb(H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  ASSERT_TRUE(fa.valid() && fb.valid()) << a << " " << b;
  const auto da = datasets_of(fa.get()), db = datasets_of(fb.get());
  EXPECT_EQ(da, db);
  int compared = 0;
  for (const auto& p : da) {
    if (p == "/traffic/iterations/routing_s" || p == "/traffic/iterations/simulation_s") continue;
    if (p.rfind("/scenario/", 0) == 0 && p != "/scenario/events") continue;
    if (std::find(db.begin(), db.end(), p) == db.end()) continue;
    EXPECT_TRUE(dataset_bytes(fa.get(), p) == dataset_bytes(fb.get(), p)) << p << " differs";
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

TEST(Control, AWholeDayDrivenThroughOganServeEqualsTheRunWithTheSameTimedClosure) {
  const std::string common = "--sample 0.02 --iterations 1 --seed 5 --threads 2";
  // The reference: `ogan run` with the bridge closed at 10:00 by a timed policy.
  const auto scenario = temp_path("closed-at-10.yaml");
  test::write_text(scenario, "extends: " + test::oku_scenario_file() +
                                 "\npolicies:\n  - type: close_road\n    name: Jembatan Ogan I\n"
                                 "    at: '10:00'\n");
  const auto reference = temp_path("run.h5");
  std::string log;
  ASSERT_EQ(
      test::run_command(
          std::string(OGAN_EXE) + " run " + scenario + " " + common + " -o " + reference, &log),
      0)
      << log;

  // The same day through `ogan serve`: the closure sent as an event when the clock is at 10:00,
  // described as the timed policy describes itself.
  const auto served = temp_path("serve.h5");
  const auto serve_log = temp_path("serve.log");
  ServeProcess serve({"serve", test::oku_scenario_file(), "--sample", "0.02", "--iterations", "1",
                      "--seed", "5", "--threads", "2"},
                     serve_log);
  const auto ready = serve.read();
  ASSERT_TRUE(ready.value("ready", false)) << ready.dump() << slurp(serve_log);
  EXPECT_EQ(ready["time"], "00:00");
  EXPECT_EQ(serve.request(R"({"cmd":"advance","to":"10:00","id":1})")["time"], "10:00");
  EXPECT_FALSE(serve.request("this is not JSON")["ok"].get<bool>());
  const auto ev = serve.request(json{{"cmd", "event"},
                                     {"kind", "close_links"},
                                     {"road", "Jembatan Ogan I"},
                                     {"id", 2},
                                     {"description", "close_road 'Jembatan Ogan I' (policies[0])"}}
                                    .dump());
  ASSERT_TRUE(ev["ok"].get<bool>()) << ev.dump();
  EXPECT_EQ(ev["scheduled"][0]["at"], "10:00");
  EXPECT_EQ(serve.request(R"({"cmd":"advance","to":"10:15"})")["time"], "10:15");
  const auto link = serve.request(R"({"cmd":"link","name":"Jembatan Ogan I"})");
  EXPECT_TRUE(link["links"][0]["closed"].get<bool>()) << link.dump();
  const auto done = serve.request(fmt::format(R"({{"cmd":"finish","output":"{}"}})", served));
  ASSERT_TRUE(done["ok"].get<bool>()) << done.dump() << slurp(serve_log);
  EXPECT_TRUE(done["kpis"].contains("mean_network_speed"));
  EXPECT_TRUE(serve.request(R"({"cmd":"quit"})")["ok"].get<bool>());
  EXPECT_EQ(serve.wait(), 0) << slurp(serve_log);

  expect_same_datasets(reference, served);
  std::filesystem::remove(scenario);
  std::filesystem::remove(reference);
  std::filesystem::remove(served);
  std::filesystem::remove(serve_log);
}

TEST(Control, AScenarioThatCannotStartIsAnErrorLineAndExitCode2) {
  const auto bad = temp_path("bad.yaml");
  test::write_text(bad, "extends: " + test::oku_scenario_file() + "\ntraffic: {iterations: -3}\n");
  const auto log = temp_path("bad.log");
  ServeProcess serve({"serve", bad}, log);
  const auto r = serve.read();
  EXPECT_FALSE(r["ok"].get<bool>()) << r.dump();
  EXPECT_NE(r["error"].get<std::string>().find("iterations"), std::string::npos) << r.dump();
  EXPECT_EQ(serve.wait(), 2) << slurp(log);
  std::filesystem::remove(bad);
  std::filesystem::remove(log);
}

}  // namespace
