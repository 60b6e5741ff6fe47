/* Draws the report charts with the vendored Chart.js.
 *
 * Each <canvas data-chart="<key>" data-chart-source="<json_script id>"> is drawn from
 * the JSON that the page embeds with Django's json_script filter (no inline script).
 * Series: "registered" + "recognized" (grouped bars) or "counts" (one bar series); the
 * legends come translated from the page ("series_names"), so the script holds no words.
 * The same numbers are always in a table next to the chart: the chart is decoration
 * for sighted readers, the table is what screen readers and printouts use.
 */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  // Bootstrap's primary and success, dark enough against white for the bars' meaning.
  var colours = { registered: "#0d6efd", recognized: "#198754", counts: "#6f42c1" };
  var cache = {};

  function source(id) {
    if (!(id in cache)) {
      var node = document.getElementById(id);
      cache[id] = node ? JSON.parse(node.textContent) : null;
    }
    return cache[id];
  }

  function draw(canvas) {
    var data = source(canvas.dataset.chartSource);
    var series = data && data[canvas.dataset.chart];
    if (!series || !series.labels || series.labels.length === 0) {
      canvas.hidden = true;
      return;
    }
    var names = data.series_names || { registered: "registered", recognized: "recognized", counts: "count" };
    var keys = "counts" in series ? ["counts"] : ["registered", "recognized"];
    var horizontal = canvas.dataset.chartHorizontal === "1";
    var box = canvas.parentElement;
    box.style.position = "relative";
    box.style.height = horizontal ? Math.max(200, 28 * series.labels.length + 60) + "px" : "260px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: keys.map(function (key) {
          return { label: names[key], data: series[key], backgroundColor: colours[key] };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        animation: false,
        plugins: { legend: { display: keys.length > 1, position: "bottom" } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
