#pragma once

// `ogan-viz web`: the browser viewer (viz/web) served on loopback, for browsers that refuse to
// load JavaScript modules and WebAssembly from file://. Nothing is uploaded: the viewer reads
// results files in the browser; the server only hands out the viewer's own files.

#include <functional>
#include <string>

namespace viz {

// The built viewer: $OGAN_WEB_DIR if set, else viz/web/dist of the source tree this ogan-viz was
// built from. "" if neither holds an index.html.
std::string default_web_dir();

struct WebServerOptions {
  std::string dir;         // the folder served
  int port = 8765;         // 0: any free port
  long max_requests = -1;  // stop after this many requests (tests); -1: until killed
  std::string data;        // also served, at /data/ (a sweep's folder, results files); "": none
};

// Serves `dir` on 127.0.0.1 until max_requests are answered, and `data` (if given) at /data/, so
// that the viewer opens http://127.0.0.1:PORT/?file=data/index.h5 and the sweep's runs next to it.
// on_ready gets the port once the socket listens. GET and HEAD only; a path outside the folders is
// 404. Error (InputError) if `dir` has no index.html, `data` is not a folder or the port cannot be
// bound.
void serve_web(const WebServerOptions& options, const std::function<void(int port)>& on_ready);

// MIME type by extension (application/wasm for .wasm: browsers refuse it as anything else).
std::string mime_type(const std::string& path);

// Copies the viewer into `to` (created if missing), replacing what is there.
void copy_web(const std::string& from, const std::string& to);

}  // namespace viz
