// broadside serve: reloads this page when the site is rebuilt. The server
// holds the request until a build other than this page's is ready.
(function () {
  "use strict";
  var script = document.currentScript;
  var since = script.getAttribute("data-since");
  var events = script.getAttribute("data-events");
  function poll(delay) {
    setTimeout(function () {
      fetch(events + "?since=" + encodeURIComponent(since), { cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (now) { if (now !== since) location.reload(); else poll(0); },
              function () { poll(1000); });
    }, delay);
  }
  poll(0);
})();
