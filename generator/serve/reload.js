// Live reload for brief serve. Injected only into pages the dev server
// sends; built sites never carry it.
(function () {
  "use strict";
  var overlayId = "brief-overlay";
  var source = new EventSource("/__brief/events");

  function here() { return location.pathname; }

  // Marks the page as connected, for tests and the curious.
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-brief-live", "");
  });

  source.addEventListener("reload", function (e) {
    var msg = JSON.parse(e.data);
    var moved = msg.redirects && msg.redirects[here()];
    if (moved) { location.replace(moved + location.hash); return; }
    if (msg.all || (msg.pages || []).indexOf(here()) >= 0 || document.getElementById(overlayId)) {
      location.reload();
    }
  });

  source.addEventListener("css", function (e) {
    var msg = JSON.parse(e.data);
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("v", msg.version);
      links[i].href = url.toString();
    }
    removeOverlay();
  });

  source.addEventListener("problems", function (e) {
    var msg = JSON.parse(e.data);
    showOverlay(msg.html);
  });

  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.parentNode.removeChild(old); }
  }

  // The panel comes from the server as markup (overlay.html), the same
  // the server puts into pages it sends while the site is broken, and is
  // styled by the same stylesheet: it looks alike with scripts on or off.
  function showOverlay(html) {
    removeOverlay();
    document.body.insertAdjacentHTML("afterbegin", html);
  }
})();
