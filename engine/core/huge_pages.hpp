#pragma once

#include <cstddef>
#include <vector>

namespace ogan {

// Large arrays read in an order no cache follows (the day's vehicle records and routes, the trip
// tables) spend much of their time in address translation with 4 KiB pages: at ten times the
// population the vehicle records alone span 370 MB, a thousand times what the TLB covers. Asking
// the kernel for 2 MiB pages (transparent huge pages, which Debian grants on request: "madvise")
// removes most of those misses. Only advice: without THP it does nothing, and no result depends
// on it.
//
// Advises the whole 2 MiB pages inside [p, p + bytes), for the memory not yet touched (pages
// already in use keep their size). Arrays under 8 MiB are left alone.
void advise_huge_pages(const void* p, std::size_t bytes) noexcept;

// Reserves room for n elements and advises huge pages for it; fill the vector afterwards (assign,
// resize or push_back within the capacity), so that its pages are first touched as huge pages.
template <class T, class A>
void reserve_huge(std::vector<T, A>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace ogan
