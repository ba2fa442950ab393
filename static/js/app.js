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

  window.netcurate = { addToast: addToast };
})();
