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

  document.documentElement.classList.add("js");

  // Each table scrolls sideways inside its own box, a region named after its caption or the
  // heading before it, which keyboard users can focus to scroll.
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.setAttribute("role", "region");
      box.setAttribute("tabindex", "0");
      var caption = table.querySelector("caption");
      var named = document.getElementById(table.getAttribute("aria-labelledby") || "");
      var label = named ? named.textContent : caption ? caption.textContent : "";
      var previous = table.previousElementSibling;
      while (!label && previous) {
        if (/^H[1-6]$/.test(previous.tagName)) label = previous.textContent;
        previous = previous.previousElementSibling;
      }
      if (!label) {
        var section = table.closest("section, article");
        var title = (section || document).querySelector("h1, h2, h3");
        label = title ? title.textContent : document.title;
      }
      // "<heading> — table": the section around may already be a region named after it.
      var word = document.body.getAttribute("data-table-word") || "table";
      box.setAttribute("aria-label", label.trim().replace(/\s+/g, " ") + " — " + word);
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  // The menu button of narrow screens opens and closes the header's menu.
  function setUpMenu() {
    var button = document.querySelector(".menu-button");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    function toggle(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      toggle(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        toggle(false);
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wrapTables(document);
    setUpMenu();
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

  document.addEventListener("htmx:oobAfterSwap", function () { wrapTables(document); });

  // After an htmx swap, new tables get their box. Focus: when the control the user was on was
  // replaced by the swap, it goes to the swapped region's heading (made focusable) so that
  // keyboard and screen-reader users are not sent back to the top of the page; otherwise it
  // stays on the control. Swaps nobody asked for (sections loaded with the page) move nothing.
  var focusedBeforeRequest = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusedBeforeRequest = active && active !== document.body ? active : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    wrapTables(document);
    var target = event.detail && event.detail.target;
    var lost = focusedBeforeRequest && !focusedBeforeRequest.isConnected;
    focusedBeforeRequest = null;
    if (!lost) return;
    // An outerHTML swap removed the target: its replacement carries the same id.
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    if (!target || !target.isConnected) target = document.getElementById("main");
    var heading = target.querySelector("h1, h2, h3, legend") || target;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  });
})();
