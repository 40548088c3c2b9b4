#pragma once

#include <string>
#include <system_error>

namespace ogan::files {

// Moves a finished temporary file into place so that a crash or a power loss leaves either the
// old file or the whole new one: the file's data is flushed to disk before the rename and the
// folder's entry after it (rename alone orders neither).
std::error_code durable_rename(const std::string& tmp, const std::string& path);
// The same, throwing std::filesystem::filesystem_error (with both paths) when it fails.
void move_into_place(const std::string& tmp, const std::string& path);
// Writes `text` to PATH.tmp and moves it into place; filesystem_error when either fails.
void write_text(const std::string& path, const std::string& text);

// Why `path` cannot become an output file, or "" if it can: its folder is missing or not
// writable, or the path is a folder. Asked before a long computation, not after it.
std::string output_problem(const std::string& path);

}  // namespace ogan::files
