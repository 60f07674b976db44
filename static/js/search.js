// Search as you type, from the index the build writes. Without scripts the
// page shows the plain list of every briefing instead.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var all = document.getElementById("search-all");
  var index = null;
  var limit = 50;

  // Folds case and accents, so "cote" finds "Côte d'Ivoire".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });

  fetch(form.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (entries) {
      index = entries.map(function (e) {
        return { entry: e, text: fold([e.title, e.summary, e.countries.join(" "), e.tags.join(" ")].join(" ")) };
      });
      var q = new URLSearchParams(location.search).get("q");
      if (q) { input.value = q; }
      update();
    })
    .catch(function () {
      status.textContent = "Search is unavailable; every briefing is listed below.";
    });

  input.addEventListener("input", update);

  function update() {
    if (!index) { return; }
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      results.hidden = true;
      all.hidden = false;
      status.textContent = "";
      return;
    }
    var found = index.filter(function (item) {
      return words.every(function (w) { return item.text.indexOf(w) >= 0; });
    });
    results.textContent = "";
    found.slice(0, limit).forEach(function (item) { results.appendChild(render(item.entry)); });
    results.hidden = false;
    all.hidden = true;
    status.textContent = found.length === 1 ? "1 briefing found" :
      found.length > limit ? found.length + " briefings found; the first " + limit + " are shown" :
      found.length + " briefings found";
  }

  // Prints "2024-07-15" as the pages do: "15 July 2024".
  var months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function human(iso) {
    var p = iso.split("-");
    return p.length === 3 ? +p[2] + " " + months[p[1] - 1] + " " + p[0] : iso;
  }

  // Builds a result with text nodes only: nothing an author wrote is ever
  // read as markup.
  function render(e) {
    var li = document.createElement("li");
    var article = document.createElement("article");
    article.className = "item";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = e.url;
    a.textContent = e.title;
    h.appendChild(a);
    article.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    var time = document.createElement("time");
    time.dateTime = e.date;
    time.textContent = human(e.date);
    meta.appendChild(time);
    if (e.countries.length) { meta.appendChild(document.createTextNode(" · " + e.countries.join(", "))); }
    article.appendChild(meta);
    if (e.summary) {
      var p = document.createElement("p");
      p.className = "summary";
      p.textContent = e.summary;
      article.appendChild(p);
    }
    li.appendChild(article);
    return li;
  }
})();
