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
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(showToast);
  });

  document.body.addEventListener("messages", function (event) {
    var detail = event.detail || {};
    var list = Array.isArray(detail.value) ? detail.value : [];
    list.forEach(function (item) { addToast(item.message, item.level); });
  });

  // A refused or failed htmx request says so, instead of silently doing nothing.
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var key = status === 403 ? "errorForbidden" : status === 404 ? "errorNotFound" : "errorGeneric";
    addToast(document.body.dataset[key] || "Error", "error");
  });
  document.body.addEventListener("htmx:sendError", function () {
    addToast(document.body.dataset.errorOffline || "Offline", "error");
  });

  window.netcurate = { addToast: addToast };
})();
