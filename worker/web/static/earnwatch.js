// earnwatch: the only script. A table marked data-refresh="N" is read again from the same
// page every N seconds while the tab is visible, so a new alert or a source's new health
// shows up without a reload. Nothing else needs JavaScript: forms and filters work without it.
(function () {
  "use strict";
  function refresh(table) {
    var seconds = parseInt(table.getAttribute("data-refresh"), 10) || 10;
    setInterval(function () {
      if (document.hidden || document.activeElement && document.activeElement.closest && document.activeElement.closest("#" + table.id + " form")) return;
      fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(table.id);
          var current = document.getElementById(table.id);
          if (fresh && current) current.replaceWith(fresh);
        })
        .catch(function () { /* the server is restarting: try again next time */ });
    }, seconds * 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-refresh][id]").forEach(refresh);
  });
})();
