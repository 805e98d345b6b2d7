/* Draws the funnel chart from the JSON the page embeds (#web-data); the table beside it has the
   numbers, so nothing depends on this script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("web-data");
    var canvas = document.getElementById("chart-funnel");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var colours = ["#0b5cad", "#8a4b00", "#1d7a3a"];
    new window.Chart(canvas, {
      type: "bar",
      data: {labels: data.labels, datasets: data.series.map(function (series, index) {
        return {label: series.label, data: series.data, backgroundColor: colours[index]};
      })},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
                scales: {y: {beginAtZero: true, ticks: {precision: 0}}, x: {ticks: {autoSkip: false}}}}
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
