// Files checked in the browser before they are sent: a file over the size limit, or of a type the
// field does not accept, is named beside the field at once and the form is not sent — a 30 MB
// photo is not uploaded over a phone connection only to be refused. The server checks the same
// limit (dvk/uploads.py): this only spares the wait. The limit and the messages come from the
// input's data- attributes (campaigns.files.LimitedFileInput), in the page's language.
//
// And after a refusal the page lands on the message: the first field marked invalid, or else the
// first error message, is scrolled into view and focused.
(function () {
  "use strict";

  function accepts(input, file) {
    var accept = (input.getAttribute("accept") || "").split(",").map(function (s) { return s.trim().toLowerCase(); });
    if (!accept.length || accept[0] === "") return true;
    var name = file.name.toLowerCase();
    var type = (file.type || "").toLowerCase();
    return accept.some(function (pattern) {
      if (!pattern) return false;
      if (pattern.charAt(0) === ".") return name.slice(-pattern.length) === pattern;
      if (pattern.slice(-2) === "/*") return type.indexOf(pattern.slice(0, -1)) === 0;
      return type === pattern;
    });
  }

  function problems(input) {
    var limit = parseInt(input.dataset.maxBytes, 10);
    var found = [];
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (limit && file.size > limit) {
        found.push(input.dataset.tooBig.replace("{name}", file.name));
      } else if (!accepts(input, file)) {
        found.push(input.dataset.wrongType.replace("{name}", file.name));
      }
    });
    return found;
  }

  function feedbackFor(input) {
    var id = input.id + "_upload_error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "invalid-feedback d-block";
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    return box;
  }

  // Return true when the input's files may be sent; otherwise name the bad ones beside it.
  function check(input) {
    var found = problems(input);
    var box = feedbackFor(input);
    box.replaceChildren();
    found.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    input.classList.toggle("is-invalid", found.length > 0);
    input.setCustomValidity(found.length ? found[0] : "");
    return found.length === 0;
  }

  function landOnTheError() {
    var target = document.querySelector(".is-invalid, .dvk-messages .alert-danger, form .alert-danger");
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (!check(input)) input.focus();
      });
      if (input.form) {
        // On the form itself, so it runs before the page-wide single-submit guard (dvk.js).
        input.form.addEventListener("submit", function (event) {
          if (!check(input)) {
            event.preventDefault();
            event.stopPropagation();
            input.focus();
          }
        });
      }
    });
    landOnTheError();
  });
})();
