#include "engine/calibration/optimizer.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace ogan::calib {

namespace {

double steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Parameters are searched in units of their range: u = (x - lower) / (upper - lower) in [0, 1].
struct Scale {
  const Bounds& b;
  std::size_t n() const { return b.lower.size(); }
  double width(std::size_t i) const { return b.upper[i] - b.lower[i]; }
  Point to_x(const Eigen::VectorXd& u) const {
    Point x(n());
    for (std::size_t i = 0; i < n(); ++i) {
      x[i] = b.lower[i] + std::clamp(u[static_cast<Eigen::Index>(i)], 0.0, 1.0) * width(i);
      x[i] = std::clamp(x[i], b.lower[i], b.upper[i]);
    }
    return x;
  }
  Eigen::VectorXd to_u(const Point& x) const {
    Eigen::VectorXd u(static_cast<Eigen::Index>(n()));
    for (std::size_t i = 0; i < n(); ++i)
      u[static_cast<Eigen::Index>(i)] = std::clamp((x[i] - b.lower[i]) / width(i), 0.0, 1.0);
    return u;
  }
};

// The model residuals followed by the prior terms.
Eigen::VectorXd full(const Residuals& model, const Point& x, const Bounds& b) {
  std::size_t priors = 0;
  for (double sd : b.prior_sd) priors += sd > 0 ? 1 : 0;
  Eigen::VectorXd r(static_cast<Eigen::Index>(model.size() + priors));
  Eigen::Index k = 0;
  for (double v : model) r[k++] = v;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (b.prior_sd[i] > 0) r[k++] = (x[i] - b.prior[i]) / b.prior_sd[i];
  return r;
}

}  // namespace

double objective(const Residuals& model, const Point& x, const Bounds& b) {
  return 0.5 * full(model, x, b).squaredNorm();
}

LmResult levenberg_marquardt(const BatchModel& model, const Bounds& b, const LmOptions& o) {
  const std::size_t p = b.lower.size();
  if (p == 0 || b.upper.size() != p || b.prior.size() != p || b.prior_sd.size() != p)
    throw InternalError("levenberg_marquardt: bounds of different sizes");
  for (std::size_t i = 0; i < p; ++i)
    if (!(b.upper[i] > b.lower[i])) throw InternalError("levenberg_marquardt: empty range");
  const auto clock = o.clock ? o.clock : steady_s;
  const double t0 = clock();
  const Scale sc{b};
  LmResult res;
  std::size_t m = 0;  // model residuals per evaluation
  auto run = [&](const std::vector<Point>& pts) {
    auto out = model(pts);
    if (out.size() != pts.size())
      throw InternalError("levenberg_marquardt: the model returned a wrong number of results");
    for (const auto& r : out) {
      if (m == 0) m = r.size();
      if (r.size() != m || m == 0)
        throw InternalError("levenberg_marquardt: residual vectors of different lengths");
    }
    res.evaluations += static_cast<int>(pts.size());
    return out;
  };

  Eigen::VectorXd u = sc.to_u(b.prior);
  Point x = sc.to_x(u);
  res.start = x;
  Residuals r = run({x})[0];
  double phi = objective(r, x, b);
  res.start_objective = phi;
  res.trace.push_back({0, res.evaluations, phi, o.lambda, x});
  double lambda = o.lambda;
  Eigen::MatrixXd J;
  const auto np = static_cast<Eigen::Index>(p);

  auto jacobian = [&](const Eigen::VectorXd& at, const Residuals& r_at) {
    std::vector<Point> pts;
    std::vector<double> du(p);
    for (std::size_t i = 0; i < p; ++i) {
      Eigen::VectorXd v = at;
      const auto ii = static_cast<Eigen::Index>(i);
      du[i] = at[ii] + o.fd_step <= 1.0 ? o.fd_step : -o.fd_step;
      v[ii] += du[i];
      pts.push_back(sc.to_x(v));
    }
    const auto rs = run(pts);
    const Eigen::VectorXd f0 = full(r_at, sc.to_x(at), b);
    Eigen::MatrixXd jac(f0.size(), np);
    for (std::size_t i = 0; i < p; ++i)
      jac.col(static_cast<Eigen::Index>(i)) = (full(rs[i], pts[i], b) - f0) / du[i];
    return jac;
  };

  // Rounds of Gauss-Newton steps then a compass polish, until a round gains less than the
  // tolerance or the budget ends: after the compass has moved, the Jacobian there may point on.
  bool out_of_budget = false;
  for (int round = 1;; ++round) {
    const double round_start = phi;
    lambda = o.lambda;
    while (true) {
      const int needed = static_cast<int>(p) + 3;
      if (res.evaluations + needed > o.max_evaluations) {
        res.stop_reason = fmt::format(
            "budget: {} evaluations done, an iteration needs {} more (max_evaluations {})",
            res.evaluations, needed, o.max_evaluations);
        out_of_budget = true;
        break;
      }
      if (o.max_wall_s > 0 && clock() - t0 >= o.max_wall_s) {
        res.stop_reason = fmt::format("budget: {:.0f} s of wall time (max_wall_min {:g})",
                                      clock() - t0, o.max_wall_s / 60);
        out_of_budget = true;
        break;
      }
      ++res.iterations;
      J = jacobian(u, r);
      const Eigen::VectorXd f = full(r, x, b);
      const Eigen::MatrixXd A = J.transpose() * J;
      const Eigen::VectorXd g = J.transpose() * f;
      if (g.cwiseAbs().maxCoeff() == 0) {
        res.stop_reason = "the observations do not change with any parameter (zero gradient)";
        break;
      }
      // Three damping factors at once (a batch): a long, a middle and a short step.
      std::vector<double> lambdas = {lambda / 10, lambda, lambda * 10};
      std::vector<Point> trials;
      std::vector<Eigen::VectorXd> us;
      const double diag_floor = 1e-9 * std::max(1.0, A.diagonal().maxCoeff());
      for (double l : lambdas) {
        Eigen::MatrixXd M = A;
        for (Eigen::Index i = 0; i < np; ++i) M(i, i) += l * std::max(A(i, i), diag_floor);
        Eigen::VectorXd d = M.ldlt().solve(-g);
        // A parameter at a bound that the step pushes outward is held there, and the others are
        // solved for without it (else their step would assume it moves).
        std::vector<Eigen::Index> free;
        for (Eigen::Index i = 0; i < np; ++i)
          if (!((u[i] <= 0 && d[i] < 0) || (u[i] >= 1 && d[i] > 0))) free.push_back(i);
        if (static_cast<Eigen::Index>(free.size()) < np) {
          const auto nf = static_cast<Eigen::Index>(free.size());
          Eigen::MatrixXd Mf(nf, nf);
          Eigen::VectorXd gf(nf);
          for (Eigen::Index a = 0; a < nf; ++a) {
            gf[a] = g[free[static_cast<std::size_t>(a)]];
            for (Eigen::Index c = 0; c < nf; ++c)
              Mf(a, c) = M(free[static_cast<std::size_t>(a)], free[static_cast<std::size_t>(c)]);
          }
          const Eigen::VectorXd df = nf > 0 ? Eigen::VectorXd(Mf.ldlt().solve(-gf)) : gf;
          d.setZero();
          for (Eigen::Index a = 0; a < nf; ++a) d[free[static_cast<std::size_t>(a)]] = df[a];
        }
        const double big = d.cwiseAbs().maxCoeff();
        if (big > o.max_step) d *= o.max_step / big;
        Eigen::VectorXd v = (u + d).cwiseMax(0.0).cwiseMin(1.0);
        us.push_back(v);
        trials.push_back(sc.to_x(v));
      }
      const auto rs = run(trials);
      std::size_t best = 0;
      std::vector<double> phis;
      for (std::size_t k = 0; k < trials.size(); ++k) {
        phis.push_back(objective(rs[k], trials[k], b));
        if (phis[k] < phis[best]) best = k;
      }
      const double moved = (us[best] - u).cwiseAbs().maxCoeff();
      if (phis[best] < phi) {
        const double gain = (phi - phis[best]) / std::max(phi, 1e-300);
        u = us[best];
        x = trials[best];
        r = rs[best];
        phi = phis[best];
        lambda = lambdas[best];
        res.trace.push_back({res.iterations, res.evaluations, phi, lambda, x});
        if (gain < o.tolerance) {
          res.stop_reason = fmt::format(
              "converged: the last iteration lowered the objective by {:.3g} %, under the "
              "tolerance "
              "of {:g} %",
              100 * gain, 100 * o.tolerance);
          break;
        }
        if (moved < 0.2 * o.fd_step) {
          // A step far below the finite differences' own step: what it gains is the roughness
          // of the objective, not a slope (steps of 0.001 % gaining 2 % were seen on OKU).
          res.stop_reason = fmt::format(
              "converged: the last step moved no parameter by more than {:.2g} of its range, below "
              "what differences of {:g} resolve",
              moved, o.fd_step);
          break;
        }
      } else {
        lambda *= 16;
        if (lambda > 1e8 || moved < 1e-6) {
          res.stop_reason = "converged: no step lowers the objective";
          break;
        }
      }
    }

    // Polish: a compass search (generalised pattern search) from where the damped Gauss-Newton
    // steps stopped, with what is left of the budget. Finite differences of a simulation that
    // moves whole agents are rough: a parameter whose effect is a few agents here and there (a
    // queue near saturation) can look flat or steep at random, and the Gauss-Newton model then
    // stops short of a better basin a longer step would reach. The compass tries +-step along each
    // parameter in one batch, moves to the best point that lowers the objective, and halves the
    // step when none does.
    if (!o.polish || out_of_budget) break;
    {
      const std::string lm_reason = res.stop_reason;
      double step = 4 * o.fd_step;
      const double min_step = o.fd_step / 4;
      int rounds = 0;
      while (step >= min_step) {
        const int needed = 2 * static_cast<int>(p);
        if (res.evaluations + needed > o.max_evaluations ||
            (o.max_wall_s > 0 && clock() - t0 >= o.max_wall_s)) {
          res.stop_reason =
              lm_reason + fmt::format(
                              "; the compass search stopped on the budget at a step of "
                              "{:g} of each range",
                              step);
          out_of_budget = true;
          break;
        }
        std::vector<Point> pts;
        std::vector<Eigen::VectorXd> us;
        for (Eigen::Index i = 0; i < np; ++i)
          for (double sgn : {1.0, -1.0}) {
            Eigen::VectorXd v = u;
            v[i] = std::clamp(v[i] + sgn * step, 0.0, 1.0);
            if (v[i] == u[i]) continue;
            us.push_back(v);
            pts.push_back(sc.to_x(v));
          }
        if (pts.empty()) break;
        const auto rs = run(pts);
        std::size_t best = 0;
        double best_phi = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < pts.size(); ++k) {
          const double f = objective(rs[k], pts[k], b);
          if (f < best_phi) best_phi = f, best = k;
        }
        ++rounds;
        if (best_phi < phi) {
          u = us[best];
          x = pts[best];
          r = rs[best];
          phi = best_phi;
          ++res.iterations;
          res.trace.push_back({res.iterations, res.evaluations, phi, 0.0, x});
          J.resize(0, 0);  // the Jacobian of the Gauss-Newton phase no longer applies here
        } else {
          step /= 2;
        }
      }
      if (step < min_step)
        res.stop_reason =
            lm_reason + fmt::format(
                            "; the compass search found nothing better within {:g} of "
                            "each range ({} rounds)",
                            min_step, rounds);
    }
    if (out_of_budget || !(phi < round_start * (1 - o.tolerance))) {
      if (round > 1) res.stop_reason += fmt::format(" (round {})", round);
      break;
    }
  }
  res.best = x;
  res.objective = phi;

  // Uncertainty at the end, from the last Jacobian (or a new one if none was made).
  if (J.size() == 0 && res.evaluations + static_cast<int>(p) <= o.max_evaluations)
    J = jacobian(u, r);
  res.std_error.assign(p, std::nan(""));
  res.correlation.assign(p * p, std::nan(""));
  if (J.size() > 0) {
    const Eigen::MatrixXd A = J.transpose() * J;
    Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
    if (lu.isInvertible()) {
      const auto dof = static_cast<double>(std::max<std::size_t>(m, p + 1) - p);
      const double s2 = std::max(1.0, 2.0 * phi / dof);
      const Eigen::MatrixXd C = lu.inverse() * s2;
      for (std::size_t i = 0; i < p; ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        res.std_error[i] = std::sqrt(std::max(0.0, C(ii, ii))) * sc.width(i);
        for (std::size_t j = 0; j < p; ++j) {
          const auto jj = static_cast<Eigen::Index>(j);
          res.correlation[i * p + j] = C(ii, jj) / std::sqrt(C(ii, ii) * C(jj, jj));
        }
      }
    }
  }
  return res;
}

}  // namespace ogan::calib
