/* Draws a segment's size over time from the JSON the page embeds (#segment-sizes-data); the
   same figures are in a table on the page, so nothing depends on this script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("segment-sizes-data");
    var canvas = document.getElementById("segment-sizes");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.data, borderColor: "#0b5cad",
                                                backgroundColor: "#0b5cad", pointRadius: 2, tension: 0.2 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 8 } } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
