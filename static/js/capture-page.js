// The capture pages. On the one that offers the bookmarklet (capture_page.html), the
// button is meant to be dragged to the bookmarks bar, not clicked here (the site's policy
// refuses javascript: addresses anyway); "Copy the address" serves keyboard users.
(function () {
  "use strict";
  // The preview and the result: the heading that sums up the page takes the focus, so that a
  // screen reader starts there (the window was just opened or submitted).
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
  var link = document.getElementById("capture-bookmarklet");
  var status = document.getElementById("bookmarklet-status");
  if (!link || !status) {
    return;
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    status.textContent = link.dataset.here;
  });
  var copy = document.getElementById("bookmarklet-copy");
  var code = document.getElementById("bookmarklet-code");
  copy.addEventListener("click", function () {
    code.select();
    var done = function () {
      status.textContent = copy.dataset.copied;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
