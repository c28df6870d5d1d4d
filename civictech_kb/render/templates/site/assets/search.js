// The search page: ctkb's own index of names (any part of a name in any
// script, aliases, topics and their synonyms) and, when the site was built
// with it, Pagefind's full-text search with filters. ?q= starts a search.
(function () {
  "use strict";
  var fold = function (text) { return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); };
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var input = document.getElementById("q");
  var results = document.getElementById("names-results");
  input.value = query;
  var entries = null;

  var score = function (entry, q) {
    var best = 0;
    var consider = function (text, weight) {
      var t = fold(text);
      if (!t || !q) { return; }
      var s = t === q ? 4 : t.indexOf(q) === 0 ? 3 : t.indexOf(q) >= 0 ? 2 : 0;
      if (s) { best = Math.max(best, s * weight); }
    };
    consider(entry.name, 3);
    Object.keys(entry.names).forEach(function (tag) { consider(entry.names[tag], 3); });
    entry.aliases.forEach(function (alias) { consider(alias, 3); });
    entry.topics.forEach(function (words) { words.forEach(function (word) { consider(word, 1); }); });
    entry.countries.forEach(function (name) { consider(name, 1); });
    return best;
  };

  var show = function () {
    var q = fold(input.value);
    results.textContent = "";
    if (!q || !entries) { return; }
    var hits = entries.map(function (e) { return [score(e, q), e]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].name.localeCompare(b[1].name); });
    var heading = document.createElement("h2");
    heading.textContent = hits.length ? "Records by name or topic (" + hits.length + ")" : "No record has that in its names or topics";
    results.appendChild(heading);
    var list = document.createElement("ol");
    hits.slice(0, 20).forEach(function (pair) {
      var entry = pair[1], item = document.createElement("li"), link = document.createElement("a");
      link.href = root + entry.url;
      link.textContent = entry.name;
      item.appendChild(link);
      Object.keys(entry.names).forEach(function (tag) {
        var other = document.createElement("span");
        other.lang = tag;
        other.textContent = " " + entry.names[tag];
        item.appendChild(other);
      });
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + entry.type + (entry.countries.length ? ", " + entry.countries.join(", ") : "");
      item.appendChild(meta);
      list.appendChild(item);
    });
    results.appendChild(list);
  };

  var root = results.dataset.namesIndex.replace(/search\/names\.json$/, "");
  fetch(results.dataset.namesIndex).then(function (r) { return r.json(); })
    .then(function (data) { entries = data; show(); })
    .catch(function () { results.textContent = "The name index loads when the site is served over http(s)."; });

  var full = document.getElementById("fulltext");
  var ui = null;
  if (full && window.PagefindUI) {
    // Pagefind's result addresses start at the site's root: give it where the
    // root is, so the site works from any sub-path (GitHub Pages).
    ui = new window.PagefindUI({ element: "#fulltext", showSubResults: true, showImages: false, resetStyles: false,
                                 bundlePath: new URL(full.dataset.pagefindUi, window.location.href).href,
                                 baseUrl: new URL(root || "./", window.location.href).pathname });
    if (query) { ui.triggerSearch(query); }
  }
  document.getElementById("names-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    show();
    if (ui) { ui.triggerSearch(input.value); }
  });
  input.addEventListener("input", show);
})();
