// Enhancements only: every page works without this script.
(function () {
  "use strict";
  // Challenges: filter the list in place by region, country and kind.
  var filter = document.getElementById("challenge-filter");
  if (filter) {
    filter.hidden = false;
    var apply = function () {
      var region = filter.elements.region.value, country = filter.elements.country.value,
          category = filter.elements.category.value, shown = 0;
      document.querySelectorAll("li.challenge").forEach(function (item) {
        var ok = (!region || item.dataset.region === region) &&
                 (!category || item.dataset.category === category) &&
                 (!country || item.dataset.countries.split("|").indexOf(country) >= 0);
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      document.querySelectorAll("section.group").forEach(function (section) {
        section.hidden = !section.querySelector("li.challenge:not([hidden])");
      });
      filter.elements.shown.value = shown + " shown";
    };
    filter.addEventListener("change", apply);
    apply();
  }
  // Compare: go to the page of the chosen pair.
  var compare = document.getElementById("compare-form");
  if (compare) {
    compare.hidden = false;
    compare.addEventListener("submit", function (event) {
      event.preventDefault();
      var pair = [compare.elements.a.value, compare.elements.b.value].sort();
      if (pair[0] !== pair[1]) { window.location.href = "compare/" + pair[0] + "-" + pair[1] + ".html"; }
    });
  }
})();
