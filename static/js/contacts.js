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

/* "/" jumps to the search box, as in most web apps: from the page itself, never from a link,
   a control or a text field, and not once single-key shortcuts are off (app.js). */
document.addEventListener("keydown", function (event) {
  var search = document.getElementById("id_q");
  if (event.key === "/" && search && window.netcurate.shortcutAllowed(event)) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});
