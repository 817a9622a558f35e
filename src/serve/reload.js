// broadside serve: reloads this page when what it shows changes. The server
// holds the request until then; "same TAG" says the page is still what it
// shows, under a newer tag to ask with.
(function () {
  "use strict";
  var script = document.currentScript;
  var since = script.getAttribute("data-since");
  var events = script.getAttribute("data-events");
  var page = encodeURIComponent(location.pathname);
  function poll(delay) {
    setTimeout(function () {
      fetch(events + "?since=" + encodeURIComponent(since) + "&page=" + page, { cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (now) {
          if (now.indexOf("same ") === 0) { since = now.slice(5); poll(0); }
          else if (now !== since) location.reload();
          else poll(0);
        }, function () { poll(1000); });
    }, delay);
  }
  poll(0);
})();
