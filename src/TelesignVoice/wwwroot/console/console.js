// The console's only script: keeps "live" regions fresh and draws flow diagrams. Pages work without it.
(function () {
  "use strict";

  // An element with data-live="/url" is replaced by that fragment every data-live-seconds, until the
  // fragment says data-live-done. A session that expired sends the browser to the sign-in page.
  function poll(region) {
    var url = region.getAttribute("data-live");
    var seconds = Number(region.getAttribute("data-live-seconds") || "3");
    var timer = null;
    var busy = false;
    function tick() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.redirected || response.status === 401) { window.location.reload(); return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null || html === undefined) { return; }
          var focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : null;
          region.innerHTML = html;
          if (focused) { var again = document.getElementById(focused); if (again) { again.focus(); } }
          if (region.querySelector("[data-live-done]")) { window.clearInterval(timer); region.removeAttribute("data-live"); }
        })
        .catch(function () { /* the next tick tries again */ })
        .finally(function () { busy = false; });
    }
    timer = window.setInterval(tick, seconds * 1000);
  }

  function drawDiagrams() {
    var diagrams = document.querySelectorAll("pre[data-diagram]");
    if (diagrams.length === 0 || typeof window.mermaid === "undefined") { return; }
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", flowchart: { htmlLabels: true } });
    window.mermaid.run({ nodes: diagrams }).then(function () {
      document.documentElement.setAttribute("data-diagrams", "drawn");
    }).catch(function (error) {
      document.documentElement.setAttribute("data-diagrams", "failed");
      diagrams.forEach(function (d) { d.insertAdjacentHTML("afterend", "<p class=\"error\" role=\"alert\">The diagram could not be drawn; the steps below list the same routes.</p>"); });
      if (window.console) { window.console.error(error); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(function (region) {
      if (region.getAttribute("data-live")) { poll(region); }
    });
    drawDiagrams();
  });
})();
