#pragma once

#include <memory>
#include <string>

#include "engine/run/pipeline.hpp"

// Live control of a running day by another program (`ogan serve`, docs/serve.md): one request, a
// JSON object on one line, gets one reply, a JSON object on one line. The protocol lives here,
// without any transport, so that tests drive it directly; engine/app/cmd_serve.cpp only moves
// lines between it and stdin/stdout or a TCP socket.

namespace ogan::run {

// True if `path` is an HDF5 file (by its signature): `ogan serve` restores it as a state file,
// and reads anything else as a scenario.
bool is_hdf5_file(const std::string& path);

// The run `ogan serve INPUT` controls: a scenario configured with `options` and assigned (its
// warm-up iterations run, the day at 00:00), or a state file restored (InputError if `options`
// set a seed, sample, iterations or --set, which a state fixes).
std::unique_ptr<Run> open_run(const std::string& input, const RunOptions& options);

// {"id":null,"ok":false,"error":message}: what `ogan serve` replies when the run cannot start.
std::string error_reply(const std::string& message);

class Controller {
 public:
  // `run` must be assigned (or restored): its day is running.
  explicit Controller(std::unique_ptr<Run> run);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // The first line a client reads: {"ok":true,"ready":true,"time":"HH:MM",...}.
  std::string ready() const;
  // One request line in, one reply line out (no newline). Never throws for anything a client
  // sends: malformed JSON, unknown commands, bad arguments and failures of the engine are
  // {"id":..,"ok":false,"error":"..."} replies, after which the next request works as before.
  std::string handle(const std::string& line);
  // After a `quit` request.
  bool quitting() const { return quit_; }

  Run& run() { return *run_; }

 private:
  std::unique_ptr<Run> run_;
  bool quit_ = false;
};

}  // namespace ogan::run
