#pragma once

namespace ogan {
// Defined in a file the build regenerates whenever HEAD or the tree's state changes
// (cmake/version_stamp.cmake), so a binary never reports a stale commit.
extern const char* const kVersion;
extern const char* const kGitSha;  // 12 hex digits, "-dirty" when tracked files had changes
}  // namespace ogan
