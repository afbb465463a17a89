// Analysis pages (分析): draw each chart from its JSON option (rendered by the server with json_script),
// and switch a chart between its drawing and its table. The table is always in the page: hidden only
// visually while the chart shows, so screen readers read it either way.
(function () {
  "use strict";

  var charts = [];

  function draw(el) {
    var key = el.getAttribute("data-insight-chart");
    var data = document.getElementById("option-" + key);
    if (!data || typeof window.echarts === "undefined") { return; }
    el.style.height = (parseInt(el.getAttribute("data-height"), 10) || 360) + "px";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(JSON.parse(data.textContent));
    el.setAttribute("data-rendered", "true");
    charts.push(chart);
  }

  function toggle(button) {
    var key = button.getAttribute("data-insight-toggle");
    var table = document.getElementById("table-" + key);
    var canvas = document.getElementById("canvas-" + key);
    var showTable = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", showTable ? "true" : "false");
    button.textContent = button.getAttribute(showTable ? "data-label-chart" : "data-label-table");
    if (table) {
      table.classList.toggle("visually-hidden", !showTable);
      // Shown, a wide table scrolls sideways on a phone: keyboard users reach it; hidden, it takes no focus.
      var region = table.querySelector(".table-responsive");
      if (region) {
        if (showTable) { region.setAttribute("tabindex", "0"); } else { region.removeAttribute("tabindex"); }
      }
    }
    if (canvas) {
      canvas.hidden = showTable;
      if (!showTable) { charts.forEach(function (c) { c.resize(); }); }
    }
  }

  function init() {
    document.querySelectorAll("[data-insight-chart]").forEach(draw);
    document.querySelectorAll("[data-insight-toggle]").forEach(function (b) {
      b.addEventListener("click", function () { toggle(b); });
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
