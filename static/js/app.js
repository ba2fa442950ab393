/* Netcurate's page glue: toasts for Django messages, on page load and from htmx events. */
(function () {
  "use strict";

  function showToast(element) {
    window.bootstrap.Toast.getOrCreateInstance(element, { delay: 6000 }).show();
    element.addEventListener("hidden.bs.toast", function () { element.remove(); });
  }

  // Messages travel from the server as data and are set with textContent, never as HTML.
  function addToast(text, level) {
    var template = document.getElementById("toast-template");
    var container = document.getElementById("toasts");
    if (!template || !container) { return; }
    var toast = template.content.firstElementChild.cloneNode(true);
    var bootstrapLevel = { error: "danger", debug: "secondary" }[level] || level || "info";
    toast.className = toast.className.replace(/text-bg-\S+/, "text-bg-" + bootstrapLevel);
    toast.setAttribute("role", level === "error" || level === "warning" ? "alert" : "status");
    toast.dataset.level = level;
    toast.querySelector(".toast-body").textContent = text;
    container.appendChild(toast);
    showToast(toast);
    // Keyboard triage makes many toasts: only the latest few stay, so they never pile up over
    // the decision buttons.
    var shown = container.querySelectorAll(".toast");
    for (var index = 0; index < shown.length - MAX_TOASTS; index++) { shown[index].remove(); }
  }

  var MAX_TOASTS = 2;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(showToast);
  });

  document.body.addEventListener("messages", function (event) {
    var detail = event.detail || {};
    var list = Array.isArray(detail.value) ? detail.value : [];
    list.forEach(function (item) { addToast(item.message, item.level); });
  });

  // The htmx error contract between the views and this page (responseHandling in the
  // htmx-config meta of base.html):
  // - 409 (refused: not possible in this state) and 422 (the form has errors) are answers,
  //   not failures: htmx swaps their fragment as it would a 200, into the element's hx-target
  //   unless the server names another with HX-Retarget (and HX-Reswap). The reason travels
  //   as a message, shown as a toast. They never reach the handler below.
  // - 403 and 404 swap nothing and get a toast that says which.
  // - 5xx, and a request that never reached the server (htmx:sendError), are the real
  //   failures: nothing is swapped, and the generic "Something went wrong" toast shows.
  // - Any other 4xx swaps nothing; the server says why in a message if the user must know.
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var key = status === 403 ? "errorForbidden" : status === 404 ? "errorNotFound" :
      status >= 500 ? "errorGeneric" : null;
    if (key) { addToast(document.body.dataset[key] || "Error", "error"); }
  });
  document.body.addEventListener("htmx:sendError", function () {
    addToast(document.body.dataset.errorOffline || "Offline", "error");
  });

  // What inline handlers and style="" attributes used to do, which the CSP refuses.
  // A question before a destructive action: data-confirm on the form (asked on submit) or on
  // the button (asked on click). Listened to in the capture phase, so that a refusal stops
  // the event before anything else acts on it. htmx forms use hx-confirm instead.
  function confirmed(element, event) {
    if (element && !window.confirm(element.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }
  document.addEventListener("click", function (event) {
    confirmed(event.target.closest("button[data-confirm]"), event);
  }, true);
  document.addEventListener("submit", function (event) {
    confirmed(event.target.closest("form[data-confirm]"), event);
  }, true);

  // Filters that apply as soon as they change (their form has a button for no-JS browsers).
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.requestSubmit(); }
  });

  // A category's colour, chosen by its team: set through the CSSOM, which the CSP allows,
  // on the page and on every fragment htmx brings in.
  function paintChips(root) {
    var chips = Array.prototype.slice.call(root.querySelectorAll("[data-chip]"));
    if (root.matches && root.matches("[data-chip]")) { chips.push(root); }
    chips.forEach(function (chip) { chip.style.setProperty("--chip", chip.dataset.chip); });
  }
  window.htmx.onLoad(paintChips);

  // One polite live region (base.html) says what changed after an action. Emptied first, so
  // that the same words said twice are announced twice.
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text.replace(/\s+/g, " ").trim(); }, 50);
  }

  // Where a single-key shortcut may start (WCAG 2.1.4, issue 18): the page itself, an area
  // marked data-shortcut-zone (the inbox's list, the how-we-met boxes t leads to), or a
  // heading or region the page focused after an action. Never a link, a control or a text
  // field, where the key means something else; never at all once turned off in the profile.
  var CONTROLS = "a[href], button, input, select, textarea, summary, iframe, [contenteditable]," +
    " [role=button], [role=link], [role=menuitem], [role=tab], [role=checkbox], [role=option]";
  function shortcutsOn() { return document.body.dataset.shortcuts !== "off"; }
  function shortcutAllowed(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return false; }
    if (event.key.length === 1 && !shortcutsOn()) { return false; }
    var target = event.target;
    if (!target || target === document.body || target === document.documentElement) { return true; }
    if (target.closest && target.closest("[data-shortcut-zone]")) {
      return !isTextField(target);
    }
    if (target.isContentEditable || target.matches(CONTROLS)) { return false; }
    return target.getAttribute("tabindex") === "-1";
  }
  function isTextField(element) {
    if (!element || !element.tagName) { return false; }
    if (element.tagName === "INPUT") { return !/^(checkbox|radio|button|submit|reset)$/.test(element.type); }
    return /^(TEXTAREA|SELECT)$/.test(element.tagName) || element.isContentEditable;
  }

  // After a page came back with errors, the keyboard starts on them: the summary above the
  // form, else the first field in error (its aria-describedby reads the message).
  function focusErrors(root) {
    var found = root.querySelector("[data-error-summary]") ||
      root.querySelector("[aria-invalid=true], .is-invalid");
    if (found) { found.focus(); }
    return Boolean(found);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (main) { focusErrors(main); }
  });
  // The same after a form came back with errors (422) through htmx: only the form just sent
  // can be in error on the page.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    var main = document.getElementById("main");
    if (xhr && xhr.status === 422 && main) { focusErrors(main); }
  });

  window.netcurate = {
    addToast: addToast,
    announce: announce,
    shortcutAllowed: shortcutAllowed,
    isTextField: isTextField,
  };
})();
