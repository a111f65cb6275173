// storyline report: a click pins a citation's popup open (a second click, or Escape, closes it).
(function () {
  function closeAll(except) {
    document.querySelectorAll(".cite.pinned").forEach(function (el) {
      if (el !== except) el.classList.remove("pinned");
    });
  }
  document.addEventListener("click", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    closeAll(cite);
    if (cite) cite.classList.toggle("pinned");
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") closeAll(null);
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList &&
        ev.target.classList.contains("cite")) {
      ev.preventDefault();
      ev.target.classList.toggle("pinned");
    }
  });
  document.documentElement.setAttribute("data-js", "ready");
})();
