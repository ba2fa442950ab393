/* Keyboard triage for the inbox: j/k move, Enter opens, letters act on the open request.
   The server answers each action with the whole inbox body, the next request already open,
   so the keyboard never has to leave the home row. */
(function () {
  "use strict";

  var cursor = null; // id of the row the keyboard is on
  var busy = false;   // a request is under way: keys wait until its answer has settled
  var waiting = [];   // keys typed meanwhile, replayed in order

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".request-row")); }

  // The keyboard's row, shown; focused too unless the focus is somewhere the person chose
  // (the search box while the list refreshes, a filter, the quick add form).
  function place(row, keepFocus) {
    rows().forEach(function (other) { other.classList.remove("cursor-row"); });
    if (!row) { cursor = null; return; }
    row.classList.add("cursor-row");
    if (!keepFocus) { row.focus({ preventScroll: false }); }
    cursor = row.dataset.id;
  }

  function current() {
    var list = rows();
    return list.find(function (row) { return row.dataset.id === cursor; }) ||
      document.querySelector(".request-row.active-row") || list[0] || null;
  }

  function move(step) {
    var list = rows();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = list[Math.min(list.length - 1, Math.max(0, index + step))];
    place(next);
  }

  function open(row) {
    var link = row && row.querySelector(".request-open");
    if (!link) { return; }
    if (window.htmx) { window.htmx.process(link); }
    link.click();
  }

  function press(key) {
    var button = document.querySelector('#undo-bar [data-key="' + key + '"], #detail [data-key="' + key + '"]');
    if (!button) {
      // The open request's state does not allow this: say why instead of doing nothing.
      var refusal = document.querySelector('#detail [data-refuse="' + key + '"]');
      if (refusal) { window.netcurate.addToast(refusal.textContent, "warning"); return true; }
      return false;
    }
    // A key can beat htmx to freshly swapped content: wire the form first (idempotent), so
    // the click is always an htmx request, never a full page submit.
    if (button.dataset.copy) { copy(document.querySelector(button.dataset.copy)); return true; }
    var form = button.closest("form");
    if (window.htmx) { window.htmx.process(form || button); }
    button.click();
    return true;
  }

  function copy(field) {
    if (!field) { return; }
    var done = function () { window.netcurate.addToast(document.body.dataset.copied || "Copied", "success"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done);
    } else {
      field.select();
      document.execCommand("copy");
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (button) { copy(document.querySelector(button.dataset.copy)); }
  });

  // The bulk button names exactly what it will do to how many requests, and stays disabled
  // until both are chosen: no action is ever applied by default.
  function updateCount() {
    var count = document.querySelectorAll(".request-select:checked").length;
    var button = document.getElementById("bulk-apply");
    var select = document.getElementById("bulk-action");
    if (!button || !select) { return; }
    var option = select.options[select.selectedIndex];
    var ready = count > 0 && select.value !== "";
    button.disabled = !ready;
    button.textContent = ready
      ? button.dataset.label.replace("{action}", option.text).replace("{count}", count)
      : button.dataset.none;
  }

  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("request-select") || event.target.id === "bulk-action") {
      updateCount();
    }
  });

  var opener = null;   // what had the focus when the shortcut help opened

  // The bell refreshes itself in the background (on load, every minute, and after any action
  // that leaves a message): its round trips neither hold the keys back nor count as the
  // answer the focus waits for.
  function background(event) {
    var detail = event.detail || {};
    var origin = (detail.requestConfig && detail.requestConfig.elt) || detail.elt || event.target;
    return Boolean(origin && origin.closest && origin.closest("#reminder-bell"));
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!background(event)) { busy = true; }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (!background(event)) { busy = false; }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (!background(event)) { busy = false; }
  });
  // What had the focus when this answer was about to be swapped in, kept on the answer itself:
  // another answer arriving meanwhile (the bell's) must not overwrite it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr) { event.detail.xhr.netcurateFocused = document.activeElement; }
  });

  function isField(element) {
    return element && /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName) && element.id;
  }

  // Once an answer has settled, the focus goes where the person expects it, and the live
  // region says what happened (issue 18):
  // - the composer just opened: its message;
  // - the focus was on something the answer replaced: the same field if it came back (a
  //   filter swapped out of band, the composer's selects), else the request now open (the
  //   next one to decide), else the empty list's heading;
  // - the focus is still where the person put it (typing in the search box, a filter, the
  //   quick add form): it stays there, and only the keyboard's row is shown.
  // Then the keys typed during the round trip are replayed.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (background(event)) { return; }
    busy = false;
    var xhr = event.detail.xhr;
    // htmx says "settled" once per swapped element (the body and each out-of-band part):
    // the first time decides, the others find the focus already placed.
    var focused = xhr ? xhr.netcurateFocused : null;
    if (xhr) { xhr.netcurateFocused = null; }
    var origin = event.detail.requestConfig && event.detail.requestConfig.elt;
    var fromFilters = Boolean(origin && origin.closest && origin.closest("#inbox-filters"));
    var lost = focused && focused !== document.body && !document.contains(focused);
    var text = document.getElementById("composer-text");
    if (text && origin && origin.matches && origin.matches("[data-opens-composer]")) {
      text.focus();
      window.netcurate.announce(text.labels && text.labels[0] ? text.labels[0].textContent : "");
    } else if (lost && isField(focused) && document.getElementById(focused.id) &&
               !(event.detail.xhr && event.detail.xhr.status === 422)) {
      document.getElementById(focused.id).focus();
    }
    if (event.detail.target && event.detail.target.id === "inbox-body") {
      var row = document.querySelector(".request-row.active-row") || rows()[0] || null;
      var stillLost = document.activeElement === document.body || !document.activeElement;
      place(row, !stillLost);
      var empty = document.getElementById("inbox-empty");
      if (stillLost && !row && empty) { empty.focus(); }
      if (fromFilters ? !row : lost || !row) { announceInbox(); }
      updateCount();
    }
    while (!busy && waiting.length) { handle(waiting.shift()); }
  });

  // "Marie Lefebvre: declined. Now open: Paul Martin." or "Nothing waiting. Well done."
  function announceInbox() {
    var parts = [];
    var done = document.getElementById("undo-bar");
    if (done) { parts.push(done.querySelector("span").textContent); }
    var name = document.getElementById("selected-name");
    var body = document.getElementById("inbox-body");
    var empty = document.getElementById("inbox-empty");
    if (name && body) { parts.push(body.dataset.announceOpen.replace("{name}", name.textContent)); }
    else if (empty) { parts.push(empty.textContent); }
    window.netcurate.announce(parts.join(" "));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.querySelector("#main [data-error-summary]");
    place(document.querySelector(".request-row.active-row") || rows()[0] || null, Boolean(errors));
    updateCount();
    var help = document.getElementById("shortcuts");
    if (!help) { return; }
    // The help takes the focus (Bootstrap gives it to the dialog once shown) and gives it
    // back to where it came from, or to the list, when it closes.
    help.addEventListener("show.bs.modal", function () { opener = document.activeElement; });
    help.addEventListener("hidden.bs.modal", function () {
      if (opener && opener !== document.body && document.contains(opener)) { opener.focus(); }
      else { place(current()); }
      opener = null;
    });
  });

  var KEYS = "jkxaldcrseumyo";

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (window.netcurate.isTextField(target) && !target.closest(".modal")) {
      // Esc leaves the box for the list, where the letters act again.
      if (event.key === "Escape" && target.closest("#inbox-body, #inbox-filters")) {
        if (current()) { place(current()); } else { target.blur(); }
      }
      return;
    }
    var modal = document.querySelector(".modal.show");
    if (modal) {
      if (event.key === "Escape" || (event.key === "?" && window.netcurate.shortcutAllowed(event))) {
        window.bootstrap.Modal.getOrCreateInstance(modal).hide();
        event.preventDefault();
      }
      return;
    }
    if (!window.netcurate.shortcutAllowed(event)) { return; }
    if (busy && KEYS.indexOf(event.key) >= 0) {
      waiting.push({ key: event.key, target: null });
      event.preventDefault();
      return;
    }
    if (handle({ key: event.key, target: target })) { event.preventDefault(); }
  });

  function handle(event) {
    var target = event.target || document.activeElement || document.body;
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter":
        if (target.classList && target.classList.contains("request-row")) { open(target); }
        else if (current() && !/^(A|BUTTON)$/.test(target.tagName)) { open(current()); }
        else { handled = false; }
        break;
      case "x":
        var box = current() && current().querySelector(".request-select");
        if (box) { box.checked = !box.checked; updateCount(); }
        break;
      case "/": document.getElementById("inbox-q").focus(); break;
      case "t":
        // Straight to the how-we-met boxes of the accept form (they sit after the signals and
        // the suggestions); space ticks one, a or l then accepts.
        var first = document.querySelector("#accept-form input[type=checkbox]");
        if (first) { first.focus(); } else { handled = false; }
        break;
      case "?": window.bootstrap.Modal.getOrCreateInstance(document.getElementById("shortcuts")).toggle(); break;
      case "a": case "l": case "d": case "c": case "r": case "s": case "e": case "u": case "m": case "y": case "o":
        handled = press(event.key);
        break;
      default: handled = false;
    }
    return handled;
  }
})();
