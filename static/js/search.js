// Search as you type, from the files the build writes under /search/: a
// small manifest names the chunks of the word index by term range, the
// bundles of result cards and the filters. A query fetches only the chunks
// its words fall in and the cards on screen; every file name carries a
// content hash, so what was fetched once is kept for the page's life.
// Without scripts the page links to the archive, countries and topics.
(function () {
  "use strict";
  var form = document.querySelector("form[data-manifest]");
  if (!form || !window.fetch || !window.URLSearchParams || !"".normalize) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  // A template of the site's own need keep only the three above: the
  // script makes what else it uses.
  var browse = document.getElementById("search-browse") || el("div");
  // The words shown come from the theme's translation files, through the
  // page (templates/search.html); a key the page lacks shows as itself.
  var words = {};
  try { words = JSON.parse(document.getElementById("search-words").textContent); } catch (e) { /* keys show */ }
  var more = document.getElementById("search-more") ||
    list.insertAdjacentElement("afterend", el("button", "search-more", t("search_more")));
  var box = document.getElementById("search-filters") || form.appendChild(el("div", "search-filters"));
  var manifestURL = new URL(form.getAttribute("data-manifest"), location.href);
  var WEIGHTS = [4, 3, 2, 1]; // title, summary, meta, body
  var PAGE = 10;
  // The filters: address parameter, label, the choice of none.
  var KINDS = [["country", t("search_country"), t("search_all_countries")], ["region", t("search_region"), t("search_all_regions")],
    ["tag", t("search_topic"), t("search_all_topics")], ["year", t("search_year"), t("search_all_years")]];
  var files = new Map(); // address → promise of its JSON
  var manifest = null, filters = {}, selects = {};
  var run = 0; // the latest search; an older one drops its answer
  var found = null; // {run, ids, n, q, filtered}: the results, n of them on screen
  var timer = 0, typed = false;
  more.type = "button";
  more.hidden = box.hidden = true;

  // The one tokenizing rule of the index: folds case and accents (so
  // "elysee" finds "Élysée"), splits on anything not a letter or number.
  function terms(s) {
    return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w && w.length <= 40; });
  }

  // Fetches a search file once: the manifest, or dir/<hash>.json beside
  // it. A failure is forgotten, so that the next search tries again.
  function load(dir, hash) {
    var u = new URL(hash ? dir + "/" + hash + ".json" : dir, manifestURL).href;
    var p = files.get(u);
    if (!p) {
      p = fetch(u).then(function (r) {
        if (!r.ok) { throw new Error(u + ": " + r.status); }
        return r.json();
      });
      files.set(u, p);
      p.catch(function () { files.delete(u); });
    }
    return p;
  }

  // Calls fn with every doc id of a postings list: an array of deltas, or
  // a base64 bitset, bit id%8 of byte id>>3.
  function each(postings, fn) {
    var i, id = 0;
    if (typeof postings === "string") {
      var bytes = atob(postings);
      for (i = 0; i < bytes.length; i++) {
        for (var b = bytes.charCodeAt(i), bit = 0; b; b >>= 1, bit++) {
          if (b & 1) { fn(i * 8 + bit); }
        }
      }
      return;
    }
    for (i = 0; i < postings.length; i++) { id += postings[i]; fn(id); }
  }

  // The first index of sorted items whose key is not below t.
  function lower(items, t, key) {
    var lo = 0, hi = items.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(items[mid]) < t) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  // The chunk files that may hold the term t, and with prefix those of the
  // terms t begins (at most 4 in all).
  function chunksOf(t, prefix) {
    var cs = manifest.chunks, out = [];
    for (var i = lower(cs, t, function (c) { return c.last; }); i < cs.length && out.length < (prefix ? 4 : 1); i++) {
      if (cs[i].first > t && !(prefix && cs[i].first.startsWith(t))) { break; }
      out.push(cs[i].hash);
    }
    return out;
  }

  // Scores every doc for one word: the highest weight of the fields where
  // any of its terms occurs, 0 where none does.
  function score(word, prefix) {
    return Promise.all(chunksOf(word, prefix).map(function (h) { return load("chunks", h); })).then(function (chunks) {
      var s = new Uint8Array(manifest.count);
      chunks.forEach(function (rows) {
        for (var i = lower(rows, word, function (r) { return r[0]; }); i < rows.length; i++) {
          var t = rows[i][0];
          if (t !== word && !(prefix && t.startsWith(word))) { break; }
          for (var f = 0; f < 4; f++) {
            var w = WEIGHTS[f];
            each(rows[i][f + 1], function (id) { if (s[id] < w) { s[id] = w; } });
          }
        }
      });
      return s;
    });
  }

  // The chosen filter values whose key the filters file knows.
  function chosen() {
    var c = {};
    KINDS.forEach(function (k) {
      var sel = selects[k[0]];
      if (sel && sel.value) { c[k[0]] = sel.value; }
    });
    return c;
  }

  // The docs every chosen filter admits, as a mask; null when none is
  // chosen.
  function mask(c) {
    var kinds = Object.keys(c);
    if (!kinds.length) { return Promise.resolve(null); }
    return Promise.all(kinds.map(function (k) {
      var v = filters[k].find(function (e) { return e.key === c[k]; });
      return v.hash ? load("filters", v.hash) : { first: v.first, last: v.last };
    })).then(function (sets) {
      var m = new Uint8Array(manifest.count);
      sets.forEach(function (set) {
        if (set.last === undefined) {
          each(set, function (id) { m[id]++; });
        } else {
          for (var id = set.first; id <= set.last; id++) { m[id]++; }
        }
      });
      for (var i = 0; i < m.length; i++) { m[i] = m[i] === sets.length ? 1 : 0; }
      return m;
    });
  }

  // Puts the query and the filters in the address: replaced while typing,
  // pushed for a filter, so that Back undoes a filter.
  function address(how) {
    var p = new URLSearchParams(), c = chosen();
    if (input.value.trim()) { p.set("q", input.value); }
    KINDS.forEach(function (k) { if (c[k[0]]) { p.set(k[0], c[k[0]]); } });
    var s = p.toString(), u = location.pathname + (s ? "?" + s : "") + location.hash;
    if (how && u !== location.pathname + location.search + location.hash) {
      history[how === "push" ? "pushState" : "replaceState"](null, "", u);
    }
  }

  // Runs the search in the box with the chosen filters; how says what
  // becomes of the address ("push", "replace" or nothing).
  function search(how) {
    clearTimeout(timer);
    if (!manifest) { return; }
    address(how);
    var q = input.value, words = terms(q), c = chosen(), me = ++run;
    var filtered = Object.keys(c).length > 0;
    if (!words.length && !filtered) {
      found = null;
      show(false);
      say("");
      return;
    }
    busy(true);
    // The last word matches as a prefix too, until the reader types a space.
    var prefix = words.length > 0 && !/\s$/.test(q) && words[words.length - 1].length >= 2;
    var jobs = words.map(function (w, i) { return score(w, prefix && i === words.length - 1); });
    Promise.all(jobs.concat(mask(c))).then(function (got) {
      if (me !== run) { return; }
      var m = got.pop(), n = manifest.count, ids = [];
      var hits = new Uint8Array(n), sum = new Uint16Array(n);
      got.forEach(function (s) {
        for (var id = 0; id < n; id++) { if (s[id]) { hits[id]++; sum[id] += s[id]; } }
      });
      for (var id = n - 1; id >= 0; id--) {
        if ((hits[id] || !words.length) && (!m || m[id])) { ids.push(id); }
      }
      // More words matched first, then the better fields, then newer.
      ids.sort(function (a, b) { return hits[b] - hits[a] || sum[b] - sum[a] || b - a; });
      found = { run: me, ids: ids, n: 0, q: q.trim(), filtered: filtered };
      return page(false);
    }).catch(function (e) { fail(me, e); });
  }

  // Shows the next PAGE results, fetching the card bundles they need;
  // focus moves to the first new one when the reader asked for more.
  function page(focus) {
    var f = found, ids = f.ids.slice(f.n, f.n + PAGE), size = manifest.fragments.size;
    var need = Array.from(new Set(ids.map(function (id) { return Math.floor(id / size); })));
    return Promise.all(need.map(bundle)).then(function (bundles) {
      if (f !== found || f.run !== run) { return; }
      if (!f.n) { list.textContent = ""; }
      ids.forEach(function (id, i) {
        var li = card(bundles[need.indexOf(Math.floor(id / size))][id % size]);
        list.appendChild(li);
        if (focus && !i) { li.querySelector("a").focus(); }
      });
      f.n += ids.length;
      busy(false);
      show(f.n > 0);
      more.hidden = f.n >= f.ids.length;
      var total = f.ids.length;
      say(!total ? t(f.q ? (f.filtered ? "search_none_filtered" : "search_none") : "search_none_filters", {query: f.q}) :
        n(f.n < total ? "search_found_first" : "search_found", total, {shown: f.n}));
    });
  }

  // Bundle k of result cards: its hash is in one of the lists the
  // manifest names, a list per per_list bundles.
  function bundle(k) {
    var fr = manifest.fragments;
    return load("fragments", fr.lists[Math.floor(k / fr.per_list)]).then(function (hashes) {
      return load("fragments", hashes[k % fr.per_list]);
    });
  }

  // Marks the results as being updated, for screen readers (and tests).
  function busy(on) {
    if (on) { list.setAttribute("aria-busy", "true"); } else { list.removeAttribute("aria-busy"); }
  }

  function show(results) {
    list.hidden = !results;
    browse.hidden = results;
    if (!results) { more.hidden = true; busy(false); }
  }

  function say(text) {
    if (status.textContent !== text) { status.textContent = text; }
  }

  function fail(me, e) {
    if (me !== run) { return; }
    show(false);
    say(t("search_failed", {error: e.message}));
  }

  // t and n fill a phrase's {placeholders} as the theme's t and n do; n
  // picks the plural form by the rules of the phrase's own language.
  function t(key, args) { return fill(typeof words[key] === "string" ? words[key] : key, args); }
  function n(key, count, args) {
    var w = words[key];
    if (!w || typeof w !== "object") { return t(key, args); }
    var form = window.Intl && Intl.PluralRules ? new Intl.PluralRules(w.lang).select(count) : "other";
    return fill(w[form] || w.other, Object.assign({count: count}, args));
  }
  function fill(text, args) {
    return text.replace(/\{(\w+)\}/g, function (m, name) { return args && name in args ? String(args[name]) : m; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  // A result as the theme lists a briefing (partials/item.html), built
  // from text nodes only: nothing an author wrote is read as markup.
  function card(d) {
    var li = el("li"), art = li.appendChild(el("article", "item"));
    art.appendChild(el("h2")).appendChild(el("a", "", d.title)).href = d.url;
    var meta = art.appendChild(el("p", "meta"));
    if (d.draft) {
      meta.appendChild(el("strong", "draft-label", t("draft")));
      meta.appendChild(document.createTextNode(" "));
    }
    meta.appendChild(el("time", "", d.human)).dateTime = d.date;
    if (d.summary) { art.appendChild(el("p", "summary", d.summary)); }
    if (d.countries && d.countries.length) {
      var ul = art.appendChild(el("ul", "countries"));
      d.countries.forEach(function (c) {
        var a = ul.appendChild(el("li")).appendChild(el("a"));
        a.href = c.url;
        a.appendChild(el("span", "flag", c.flag)).setAttribute("aria-hidden", "true");
        a.appendChild(document.createTextNode(" " + c.name));
      });
    }
    return li;
  }

  // One labelled select for each kind of filter, with the counts.
  function buildFilters() {
    KINDS.forEach(function (k) {
      var values = filters[k[0]];
      if (!values || !values.length) { return; }
      var label = box.appendChild(el("label", "", k[1] + " "));
      var sel = label.appendChild(el("select"));
      sel.id = "search-" + k[0];
      sel.name = k[0];
      sel.appendChild(new Option(k[2], ""));
      values.forEach(function (v) { sel.appendChild(new Option(v.name + " (" + v.count + ")", v.key)); });
      sel.addEventListener("change", function () { search("push"); });
      selects[k[0]] = sel;
    });
    box.hidden = !Object.keys(selects).length;
  }

  // Sets the box and the filters from the address (on load, and on Back).
  function restore() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    KINDS.forEach(function (k) {
      var sel = selects[k[0]];
      if (sel) {
        sel.value = p.get(k[0]) || "";
        if (sel.selectedIndex < 0) { sel.value = ""; }
      }
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    search("replace");
  });
  input.addEventListener("input", function () {
    typed = true;
    clearTimeout(timer);
    timer = setTimeout(search, 120, "replace");
  });
  more.addEventListener("click", function () {
    if (found) { busy(true); page(true).catch(function (e) { fail(found.run, e); }); }
  });
  window.addEventListener("popstate", function () {
    restore();
    search();
  });

  load(manifestURL.href).then(function (m) {
    if (m.version !== 2) { throw new Error("search files of version " + m.version); }
    manifest = m;
    return load("filters", m.filters);
  }).then(function (f) {
    filters = f;
    buildFilters();
    var q = input.value;
    restore();
    if (typed) { input.value = q; }
    search(typed ? "replace" : null);
  }).catch(function (e) {
    manifest = null;
    fail(run, e);
  });
})();
