// Step-through of each run's event log: previous / play / next, a panel for the current step
// and a chart of personnel in the host state with a marker at the step's time. No libraries.
(function () {
  "use strict";
  var runs = JSON.parse(document.getElementById("run-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";  // a namespace name, never fetched
  var W = 640, H = 170, L = 52, R = 12, T = 12, B = 28;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function drawChart(svg, run) {
    var peak = Math.max.apply(null, run.series.map(function (p) { return p[1]; }).concat([1]));
    var x = function (h) { return L + (W - L - R) * h / run.span; };
    var y = function (n) { return H - B - (H - B - T) * n / peak; };
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, y1: T, x2: L, y2: H - B, "class": "axis"}, svg);
    run.ticks.forEach(function (t) {
      el("line", {x1: x(t[0]), y1: H - B, x2: x(t[0]), y2: H - B + 4, "class": "axis"}, svg);
      el("text", {x: x(t[0]), y: H - 8, "text-anchor": "middle"}, svg).textContent = t[1];
    });
    [0, peak].forEach(function (n) {
      el("text", {x: L - 6, y: y(n) + 4, "text-anchor": "end"}, svg).textContent = n.toLocaleString("en");
    });
    el("text", {x: L + 6, y: T + 10}, svg).textContent =
      peak > 1 ? "personnel in the host state" : "no forces moved in this run";
    var points = [];
    run.series.forEach(function (p, i) {
      if (i > 0) points.push(x(p[0]) + "," + y(run.series[i - 1][1]));  // steps, not slopes
      points.push(x(p[0]) + "," + y(p[1]));
    });
    points.push(x(run.span) + "," + y(run.series[run.series.length - 1][1]));
    el("polygon", {points: L + "," + (H - B) + " " + points.join(" ") + " " + x(run.span) + "," + (H - B), "class": "area"}, svg);
    el("polyline", {points: points.join(" "), "class": "line"}, svg);
    return {
      line: el("line", {y1: T, y2: H - B, "class": "marker-line"}, svg),
      dot: el("circle", {r: 5, "class": "marker"}, svg),
      x: x, y: y
    };
  }

  function setup(root) {
    var run = runs[Number(root.getAttribute("data-run"))];
    var steps = run.steps, index = 0, timer = null;
    var chart = drawChart(root.querySelector(".personnel-chart"), run);
    var play = root.querySelector(".play");
    function field(name, text) { root.querySelector(".step-" + name).textContent = text; }

    function show(i) {
      index = Math.max(0, Math.min(steps.length - 1, i));
      var s = steps[index];
      if (!s) { field("counter", "no events"); return; }
      field("counter", "step " + (index + 1) + " of " + steps.length);
      field("when", s.when + (s.local ? " (local " + s.local + ")" : "") + (s.record ? " (time from the record)" : ""));
      field("actor", s.actor + (s.member && s.member !== s.actor ? " (" + s.member + ")" : ""));
      field("rule", s.rule);
      field("basis", s.basis || "—");
      field("decision", s.action + (s.outcome ? " → " + s.outcome : ""));
      field("sources", s.sources.length ? s.sources.join(" ") : "—");
      field("personnel", s.personnel.toLocaleString("en") + " personnel");
      var cx = chart.x(s.hours), cy = chart.y(s.personnel);
      chart.line.setAttribute("x1", cx); chart.line.setAttribute("x2", cx);
      chart.dot.setAttribute("cx", cx); chart.dot.setAttribute("cy", cy);
      chart.dot.setAttribute("data-step", index);
    }

    function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = "▶ play"; } }

    root.querySelector(".next").addEventListener("click", function () { stop(); show(index + 1); });
    root.querySelector(".prev").addEventListener("click", function () { stop(); show(index - 1); });
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (index >= steps.length - 1) show(0);
      play.textContent = "❚❚ pause";
      timer = setInterval(function () {
        if (index >= steps.length - 1) { stop(); return; }
        show(index + 1);
      }, 600);
    });
    root.tabIndex = 0;
    root.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight") { stop(); show(index + 1); }
      if (e.key === "ArrowLeft") { stop(); show(index - 1); }
    });
    show(0);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".stepper"), setup);
}());
