/* Draws the analytics and pivot charts from the JSON the page embeds (#analytics-data):
   {charts: [{id, type: "line"|"bar", labels, series: [{label, data, dashed}]}]}. Every figure
   is also on the page as text or a table, so nothing depends on this script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("analytics-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var colours = ["#0b5cad", "#8a4b00", "#2e7d32", "#6a1b9a"];
    (data.charts || []).forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) { return; }
      new window.Chart(canvas, {
        type: chart.type,
        data: {
          labels: chart.labels,
          datasets: chart.series.map(function (series, index) {
            return {
              label: series.label, data: series.data, borderColor: colours[index % 4],
              backgroundColor: colours[index % 4], borderDash: series.dashed ? [6, 4] : [],
              pointRadius: chart.labels.length > 60 ? 0 : 2, tension: 0.2
            };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false },
          scales: { y: { beginAtZero: true, ticks: chart.money ? {} : { precision: 0 } }, x: { ticks: { maxTicksLimit: 8 } } }
        }
      });
      canvas.setAttribute("data-drawn", "true");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
