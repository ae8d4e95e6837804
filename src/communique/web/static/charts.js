// Draw every chart on the page from its JSON spec (embedded by the server, escaped by Jinja).
(function () {
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById("chart-data-" + el.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      // topojsonURL: the map's country outlines are served by communique, never a CDN
      Plotly.newPlot(el, spec.data, spec.layout,
                     {displaylogo: false, responsive: true, topojsonURL: "/static/topojson/"})
        .then(function () { el.dataset.drawn = "true"; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
