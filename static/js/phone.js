/* Small screens: the request list and its detail stack, the detail below the list. Opening
   a request from the list brings its detail into view, or the tap would seem to do nothing. */
(function () {
  "use strict";

  var stacked = window.matchMedia("(max-width: 991.98px)"); // below Bootstrap's lg columns
  var opening = false;

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    opening = Boolean(event.detail.elt && event.detail.elt.closest(".request-open"));
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    if (!opening) { return; }
    opening = false;
    var detail = document.getElementById("detail");
    if (detail && stacked.matches) { detail.scrollIntoView({ block: "start" }); }
  });
})();
