#include "engine/services/facility_params.hpp"

namespace ogan::svc {

std::optional<FacilityParams> default_params(const std::string& type) {
  constexpr double h = 3600;
  FacilityParams p;
  if (type == "puskesmas") {
    // Outpatient registration and examination, Mon-Sat mornings; 2 doctors plus nurses act as
    // about 4 parallel examination desks; a consultation of about 10 min.
    p.servers = 4;
    p.open_s = 7.5 * h;
    p.close_s = 12.0 * h;
    p.service_mean_s = 10 * 60;
    p.service_cv = 0.8;
    return p;
  }
  if (type == "hospital") {
    // Outpatient clinics (poliklinik): registration closes at noon; about 8 clinics in parallel
    // at a regional hospital; longer consultations.
    p.servers = 8;
    p.open_s = 7.5 * h;
    p.close_s = 12.0 * h;
    p.service_mean_s = 15 * 60;
    p.service_cv = 0.8;
    return p;
  }
  if (type == "civil_registry" || type == "public_service_mall") {
    // Disdukcapil / MPP counters, Mon-Fri 08:00-15:00 with a 12:00-13:00 break, a daily quota of
    // queue tickets as many offices run.
    p.servers = type == "civil_registry" ? 6 : 4;
    p.open_s = 8 * h;
    p.close_s = 15 * h;
    p.break_start_s = 12 * h;
    p.break_end_s = 13 * h;
    p.service_mean_s = 12 * 60;
    p.service_cv = 0.6;
    p.quota = type == "civil_registry" ? 250 : 150;
    return p;
  }
  if (type == "samsat") {
    p.servers = 5;
    p.open_s = 8 * h;
    p.close_s = 14 * h;
    p.service_mean_s = 15 * 60;
    p.service_cv = 0.5;
    return p;
  }
  return std::nullopt;
}

}  // namespace ogan::svc
