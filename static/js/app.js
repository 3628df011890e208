// Progressive enhancement only: every form and link works without this file.
(function () {
  "use strict";

  function announce(text) {
    var live = document.getElementById("live-region");
    if (!live || !text) return;
    live.textContent = "";
    // A fresh text node makes screen readers read the message even when it repeats.
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    // On a phone the score card is a bar at the bottom of the screen, opened on demand.
    if (window.matchMedia && window.matchMedia("(max-width: 60rem)").matches) {
      document.querySelectorAll("details.score-bar").forEach(function (d) { d.open = false; });
    }
    document.querySelectorAll(".js-autosubmit select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("js-confirm")) {
      if (!window.confirm(form.dataset.confirm || "?")) event.preventDefault();
    }
  });

  // Views send `HX-Trigger: {"announce": {"value": "…"}}` (citydiplo.htmx.announce) to tell
  // screen-reader users what changed; htmx puts a bare string in `detail.value` too.
  document.body && document.body.addEventListener("announce", function (event) {
    announce(event.detail && event.detail.value);
  });
  document.addEventListener("announce", function (event) {
    announce(event.detail && event.detail.value);
  });
  window.citydiploAnnounce = announce;
})();
