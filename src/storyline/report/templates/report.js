// storyline report: a click pins a citation's popup open (a second click, or Escape, closes it).
(function () {
  function closeAll(except) {
    document.querySelectorAll(".cite.pinned").forEach(function (el) {
      if (el !== except) el.classList.remove("pinned");
    });
  }
  // keep a popup inside the window: shift it left where it would run off the right edge
  function place(cite) {
    var tip = cite && cite.querySelector(".tip");
    if (!tip) return;
    tip.style.left = "";
    var r = tip.getBoundingClientRect();
    if (!r.width) return;
    var room = document.documentElement.clientWidth - 8;
    var shift = 0;
    if (r.right > room) shift = r.right - room;
    if (r.left - shift < 8) shift = r.left - 8;
    if (shift) tip.style.left = (parseFloat(getComputedStyle(tip).left) - shift) + "px";
  }
  function citeOf(ev) {
    return ev.target.closest ? ev.target.closest(".cite") : null;
  }
  document.addEventListener("mouseover", function (ev) { place(citeOf(ev)); });
  document.addEventListener("focusin", function (ev) { place(citeOf(ev)); });
  document.addEventListener("click", function (ev) {
    var cite = citeOf(ev);
    closeAll(cite);
    if (cite) {
      cite.classList.toggle("pinned");
      place(cite);
    }
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
