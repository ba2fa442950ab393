/* Contact list: "select all" for bulk actions, kept working after htmx swaps the results. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.id !== "select-all") { return; }
    document.querySelectorAll(".contact-select").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
})();

/* "/" jumps to the search box, as in most web apps (not while typing in a field). */
document.addEventListener("keydown", function (event) {
  var search = document.getElementById("id_q");
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && search && !typing && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});
