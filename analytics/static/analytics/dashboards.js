// Draws the dashboards' charts with the vendored Chart.js (static/analytics/chart.umd.min.js, no CDN).
// Each <canvas data-chart="id"> takes its description from <script type="application/json" id="id">.
(function () {
  function draw() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) return;
      var spec = JSON.parse(source.textContent);
      var datasets = spec.series.map(function (series) {
        return {
          type: series.type || spec.type,
          label: series.label,
          data: series.data,
          borderDash: series.dashed ? [6, 4] : undefined,
          fill: false,
          spanGaps: true,
          pointRadius: series.type === "line" && series.dashed ? 0 : 3,
        };
      });
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: "bottom" }, title: { display: !!spec.title, text: spec.title } },
          scales: { y: { beginAtZero: true, suggestedMax: spec.max || undefined } },
        },
      });
      canvas.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
  document.addEventListener("htmx:afterSwap", draw);
})();
