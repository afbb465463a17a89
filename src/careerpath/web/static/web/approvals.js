// Approvals pages: a "select all" checkbox in a table head ticks every checkbox of the same name.
(function () {
  "use strict";
  function boxes(name) {
    return Array.prototype.slice.call(document.querySelectorAll('input[type=checkbox][name="' + name + '"]'));
  }
  function init() {
    document.querySelectorAll("[data-pick-all]").forEach(function (all) {
      var name = all.getAttribute("data-pick-all");
      all.addEventListener("change", function () {
        boxes(name).forEach(function (b) { b.checked = all.checked; });
      });
      boxes(name).forEach(function (b) {
        b.addEventListener("change", function () {
          var list = boxes(name);
          var on = list.filter(function (x) { return x.checked; }).length;
          all.checked = on === list.length;
          all.indeterminate = on > 0 && on < list.length;
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
