/* Draws the dashboard's charts from the JSON the page embeds (#dashboard-data): this period as
   a solid line, the previous one dashed, day for day. Each chart's numbers are also in a table
   on the page, so nothing depends on this script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var colours = ["#0b5cad", "#8a4b00"];
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) { return; }
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: chart.series.map(function (series, index) {
            return {
              label: series.label, data: series.data, borderColor: colours[index], backgroundColor: colours[index],
              borderDash: index === 1 ? [6, 4] : [], pointRadius: data.labels.length > 60 ? 0 : 2, tension: 0.2
            };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false },
          // counts are whole numbers: no 0.5 members on the axis
          scales: { y: { beginAtZero: true, ticks: chart.money ? {} : { precision: 0 } }, x: { ticks: { maxTicksLimit: 8 } } }
        }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
