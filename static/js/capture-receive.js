// The window that the capture bookmarklet opens (templates/network/capture_receive.html).
// It tells the network's page that opened it that it is ready, takes the invitations that
// page answers with, and posts them to Netcurate for checking: nothing is stored before the
// person confirms on the next page. A message from any other origin than the networks'
// (data-origins, from the CAPTURE_ORIGINS setting) or from another window is ignored.
(function () {
  "use strict";
  var root = document.getElementById("capture-receiver");
  if (!root) {
    return;
  }
  var allowed = root.dataset.origins.split(" ").filter(Boolean);
  var form = document.getElementById("capture-form");
  var status = document.getElementById("capture-status");
  var ignored = document.getElementById("capture-ignored");
  var received = false;

  if (!window.opener) {
    status.textContent = root.dataset.noOpener;
    return;
  }

  window.addEventListener("message", function (event) {
    if (received) {
      return;
    }
    if (allowed.indexOf(event.origin) < 0) {
      ignored.textContent = root.dataset.ignored + " " + event.origin;
      ignored.classList.remove("d-none");
      return;
    }
    var data = event.data;
    if (event.source !== window.opener || !data || data.kind !== "netcurate-capture" ||
        !Array.isArray(data.invitations)) {
      return;
    }
    received = true;
    // The server checks the origin against the same list before reading anything.
    data.origin = event.origin;
    form.elements.payload.value = JSON.stringify(data);
    status.textContent = root.dataset.reading;
    form.submit();
  });

  // "Ready", addressed to each network's origin: a page of any other origin never hears it.
  allowed.forEach(function (origin) {
    window.opener.postMessage({ kind: "netcurate-capture-ready" }, origin);
  });
})();
