// The page that offers the capture bookmarklet (templates/network/capture_page.html): the
// button is meant to be dragged to the bookmarks bar, not clicked here (the site's policy
// refuses javascript: addresses anyway); "Copy the address" serves keyboard users.
(function () {
  "use strict";
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
