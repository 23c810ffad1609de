#!/usr/bin/env python3
"""Cost-vs-error plot (SVG) and markdown table of `physgan bench foam --pareto --json`.

Usage: scripts/foam-pareto-plot.py OUT.svg RUN.json [RUN.json ...]

Each RUN.json is the one JSON object that `physgan bench foam --pareto ...
--json` printed (one experiment: the same start frames, K steps of M MCS,
the full simulator, the coarse-grained simulator at each stride and,
with --checkpoint, one surrogate row; with --label-floor, label-choice
floor rows, which are no way to advance a foam: they are left out of the
plot and get a table of their own; --label-vote rows are drawn and
tabulated like surrogates). Runs with the same start frames,
steps and step may be given together (one per surrogate checkpoint or
--coarse): their simulator rows are the same experiment and are drawn
once (from the first file). This script computes nothing physical: it
only places the numbers physgan printed. One row of four panels per
experiment, CPU seconds (log axis) against count error, mean-area error,
area KS and |growth exponent - the full simulator's|; the coarse
simulator's rows are joined by a line (S = 8, 4, 2, then the full
simulator at zero error), each surrogate is a separate mark. The markdown
table (the same rows, every column) goes to stdout. Python standard
library only (docs/foam.md, "Cost against error").
"""
import json
import math
import sys

METRICS = [
    ("bubble_count_error", "count error"),
    ("mean_area_error", "mean-area error"),
    ("area_ks", "area KS"),
    ("growth_error", "|growth exp - full's|"),
]
PANEL_W, PANEL_H = 300, 230
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 26, 40
ROW_TITLE = 24
SURROGATE_COLORS = ["#d62728", "#9467bd", "#ff7f0e", "#8c564b"]


def way_name(w):
    if w["way"] == "label vote":
        return "label vote %d x sigma %g at S = %d" % (w["votes_per_step"], w["sigma"], w["stride"])
    if w["way"] == "surrogate":
        return "surrogate" if w["stride"] == 1 else "surrogate --coarse %d" % w["stride"]
    if w["way"] == "full simulator":
        return "full simulator"
    return "simulator at S = %d + refinement" % w["stride"]


def nice_step(span):
    raw = span / 5.0
    p = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * p >= raw:
            return m * p
    return 10 * p


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def load(paths):
    """Group the runs by experiment (init, steps, step_mcs, proposal, sweep)."""
    groups = []
    for path in paths:
        with open(path) as f:
            r = json.load(f)
        key = (r["init"], r["steps"], r["step_mcs"], r["proposal"], r["sweep"])
        g = next((g for g in groups if g["key"] == key), None)
        if g is None:
            g = {"key": key, "run": r, "runs": [], "surrogates": []}
            groups.append(g)
        g["runs"].append(r)
        full = r["ways"][0]
        for w in r["ways"]:
            w["growth_error"] = abs(w["growth_exponent"] - full["growth_exponent"])
            if w["way"] in ("surrogate", "label vote"):
                # its own run's full simulator is the reference it was measured against
                w["full_cpu_seconds"] = full["cpu_seconds"]
                g["surrogates"].append(w)
    names = []
    for g in groups:
        for w in g["surrogates"]:
            if way_name(w) not in names:
                names.append(way_name(w))
            w["color"] = SURROGATE_COLORS[names.index(way_name(w)) % len(SURROGATE_COLORS)]
    return groups


def panel(out, x0, y0, g, key, label):
    sims = simulator_ways(g["run"])
    pts = sims + g["surrogates"]
    xs = [w["cpu_seconds"] for w in pts]
    lx0 = math.floor(math.log10(min(xs)))
    lx1 = math.ceil(math.log10(max(xs)))
    if lx1 == lx0:
        lx1 += 1
    ymax = max(w[key] for w in pts)
    step = nice_step(ymax if ymax > 0 else 1.0)
    y1 = step * math.ceil((ymax if ymax > 0 else 1.0) / step)
    pw, ph = PANEL_W - LEFT - RIGHT, PANEL_H - TOP - BOTTOM
    px = lambda x: x0 + LEFT + (math.log10(x) - lx0) / (lx1 - lx0) * pw
    py = lambda y: y0 + TOP + ph - y / y1 * ph
    out.append('<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#444"/>'
               % (x0 + LEFT, y0 + TOP, pw, ph))
    for e in range(lx0, lx1 + 1):
        x = px(10.0 ** e)
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>'
                   % (x, y0 + TOP, x, y0 + TOP + ph))
        out.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%g</text>'
                   % (x, y0 + TOP + ph + 13, 10.0 ** e))
    k = 0
    while k * step <= y1 + 1e-12:
        y = py(k * step)
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>'
                   % (x0 + LEFT, y, x0 + LEFT + pw, y))
        out.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="end">%.3g</text>'
                   % (x0 + LEFT - 4, y + 3, k * step))
        k += 1
    out.append('<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">CPU seconds (log)</text>'
               % (x0 + LEFT + pw / 2, y0 + PANEL_H - 8))
    out.append('<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle" font-weight="bold">%s</text>'
               % (x0 + LEFT + pw / 2, y0 + TOP - 8, esc(label)))
    # the coarse simulator, cheapest first, ending at the full simulator
    line = sorted(sims, key=lambda w: w["cpu_seconds"])
    out.append('<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="%s"/>'
               % " ".join("%.1f,%.1f" % (px(w["cpu_seconds"]), py(w[key])) for w in line))
    for w in line:
        x, y = px(w["cpu_seconds"]), py(w[key])
        out.append('<circle cx="%.1f" cy="%.1f" r="4" fill="#1f77b4"/>' % (x, y))
        tag = "full" if w["stride"] == 1 else "S=%d" % w["stride"]
        out.append('<text x="%.1f" y="%.1f" font-size="9" fill="#1f77b4">%s</text>'
                   % (x + 5, y - 5, tag))
    for w in g["surrogates"]:
        c = w["color"]
        x, y = px(w["cpu_seconds"]), py(w[key])
        out.append('<rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"/>' % (x - 4, y - 4, c))
        tag = "G" if w["stride"] == 1 else "G c%d" % w["stride"]
        out.append('<text x="%.1f" y="%.1f" font-size="9" fill="%s">%s</text>'
                   % (x + 6, y + 12, c, tag))


def plot(groups, path):
    width = 4 * PANEL_W
    n_names = len({way_name(w) for g in groups for w in g["surrogates"]})
    legend_h = 24 + 16 * n_names
    height = 30 + len(groups) * (ROW_TITLE + PANEL_H) + legend_h
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="15" text-anchor="middle" font-weight="bold">'
           'Foam: cost against error (physgan bench foam --pareto; errors against '
           'the full simulator)</text>' % (width // 2)]
    y = 30
    for g in groups:
        r = g["run"]
        out.append('<text x="10" y="%d" font-size="12">%s: %d sequence(s) of %d&#178;, '
                   '%d steps of %d MCS, proposal %s</text>'
                   % (y + 16, esc(r["init"]), r["sequences"], r["size"], r["steps"],
                      r["step_mcs"], r["proposal"]))
        y += ROW_TITLE
        for i, (key, label) in enumerate(METRICS):
            panel(out, i * PANEL_W, y, g, key, label)
        y += PANEL_H
    out.append('<circle cx="20" cy="%d" r="4" fill="#1f77b4"/>' % (y + 10))
    out.append('<text x="30" y="%d" font-size="11">full simulator and coarse-grained '
               'simulator at stride S + B-spline refinement</text>' % (y + 14))
    names = []
    for g in groups:
        for w in g["surrogates"]:
            n = way_name(w)
            if n not in names:
                names.append(n)
    for i, n in enumerate(names):
        c = SURROGATE_COLORS[i % len(SURROGATE_COLORS)]  # as load() gave it
        yy = y + 26 + 16 * i
        out.append('<rect x="16" y="%d" width="8" height="8" fill="%s"/>' % (yy, c))
        note = ("the Gaussian label vote, no network" if n.startswith("label vote")
                else "G: the trained U-Net; c S: --coarse S")
        out.append('<text x="30" y="%d" font-size="11">%s (%s)</text>'
                   % (yy + 8, esc(n), note))
    out.append("</svg>")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(out) + "\n")
    import os
    os.replace(path + ".tmp", path)


def fmt(v, spec):
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else spec % v


def table(groups):
    for g in groups:
        r = g["run"]
        print("%s: %d sequence(s) of %d^2, %d steps of %d MCS\n"
              % (r["init"], r["sequences"], r["size"], r["steps"], r["step_mcs"]))
        print("| way | CPU s | speedup (CPU) | count err | mean-area err | area KS | "
              "growth exponent | first-step loss | VN slope | VN r | \\|angle - 120°\\| |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        sims = simulator_ways(r)
        for w in sims + g["surrogates"]:
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                way_name(w), fmt(w["cpu_seconds"], "%.2f"), fmt(w["speedup_cpu"], "%.1f"),
                fmt(w["bubble_count_error"], "%.3f"), fmt(w["mean_area_error"], "%.3f"),
                fmt(w["area_ks"], "%.3f"), fmt(w["growth_exponent"], "%.3f"),
                fmt(w["first_step_loss"], "%.3f"), fmt(w["von_neumann_slope"], "%.3f"),
                fmt(w["von_neumann_r"], "%.3f"), fmt(w["angle_deviation_deg"], "%.1f°")))
        for w in g["surrogates"]:
            b = w.get("baseline_stride")
            print("\n%s: baseline of equal error %s, speedup against it (CPU) %s"
                  % (way_name(w), "none" if b is None else "S = %d" % b,
                     fmt(w.get("speedup_vs_baseline_cpu"), "%.2f")))
        print()
        floor_table(g)


def floor_table(g):
    """The label-choice floors of every run of the group (docs/foam.md, "The
    floor of a label-choice surrogate")."""
    floors = [w for r in g["runs"] for w in r["ways"] if w["way"] == "label-choice floor"]
    if not floors:
        return
    print("| floor | count err | mean-area err | area KS | growth exponent | "
          "first-step loss | sites out of reach (rollout) | sites out of reach "
          "(one step) | bubbles not exact (one step) | bubbles lost |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for w in floors:
        print("| K = %d at S = %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            w["window"], w["stride"],
            fmt(w["bubble_count_error"], "%.3f"), fmt(w["mean_area_error"], "%.3f"),
            fmt(w["area_ks"], "%.3f"), fmt(w["growth_exponent"], "%.3f"),
            fmt(w["first_step_loss"], "%.3f"), fmt(w["unrepresentable_sites"], "%.3f"),
            fmt(w["unrepresentable_sites_one_step"], "%.3f"),
            fmt(w["bubbles_inexact_one_step"], "%.3f"), fmt(w["bubbles_lost"], "%.3f")))
    print()


def simulator_ways(run):
    return [w for w in run["ways"] if w["way"] in ("full simulator", "coarse simulator")]


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    groups = load(argv[2:])
    plot(groups, argv[1])
    table(groups)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
