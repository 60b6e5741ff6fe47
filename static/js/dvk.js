/* DVK — small progressive enhancements; every page works without them (no inline scripts: CSP). */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, wait);
    };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The language select submits itself; its button is only needed without JavaScript.
  function languageSwitch() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
      var button = select.form.querySelector("[data-js-hide]");
      if (button) button.classList.add("js-hidden");
    });
  }

  // Show the "maintained from" / "replicated from" choices only when that origin is chosen.
  function originToggle(form) {
    var origin = form.querySelector("[data-origin]");
    if (!origin) return;
    function update() {
      form.querySelectorAll(".dvk-origin-maintained").forEach(function (box) { box.hidden = origin.value !== "maintained"; });
      form.querySelectorAll(".dvk-origin-replicated").forEach(function (box) { box.hidden = origin.value !== "replicated"; });
    }
    origin.addEventListener("change", update);
    update();
  }

  function markMaintained(form, id, name, year) {
    var origin = form.querySelector("[data-origin]");
    var continues = form.querySelector("select[name=continues]");
    if (origin) { origin.value = "maintained"; origin.dispatchEvent(new Event("change")); }
    if (continues) {
      var option = continues.querySelector('option[value="' + id + '"]');
      if (!option) {
        option = el("option", { value: String(id) }, name + " (" + year + ")");
        continues.appendChild(option);
      }
      continues.value = String(id);
      continues.focus();
    }
  }

  // As the registrant types the name, show the unit's similar initiatives from earlier campaigns.
  function similarLookup(form) {
    var url = form.getAttribute("data-similar-url");
    var name = form.querySelector("[data-similar-source]");
    var box = document.getElementById("dvk-similar");
    if (!url || !name || !box) return;
    var lookup = debounce(function () {
      var value = name.value.trim();
      if (value.length < 4) { box.replaceChildren(); return; }
      var unitField = form.querySelector("[name=unit]");
      var params = new URLSearchParams({ name: value });
      var unit = unitField ? unitField.value : form.getAttribute("data-unit");
      if (unit) params.set("unit", unit);
      if (form.getAttribute("data-exclude")) params.set("exclude", form.getAttribute("data-exclude"));
      var campaign = form.querySelector("select[name=campaign]");
      if (campaign && campaign.value) params.set("campaign", campaign.value);
      fetch(url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data); })
        .catch(function () { box.replaceChildren(); });
    }, 400);

    function render(data) {
      box.replaceChildren();
      if (!data.results || !data.results.length) return;
      var card = el("div", { class: "card border-info" });
      var body = el("div", { class: "card-body" });
      body.appendChild(el("p", { class: "fw-semibold mb-2" }, box.getAttribute("data-title") || "Mô hình tương tự của đơn vị ở các đợt trước:"));
      var list = el("ul", { class: "list-group" });
      data.results.forEach(function (row) {
        var item = el("li", { class: "list-group-item" });
        var link = el("a", { href: row.url }, row.name);
        item.appendChild(link);
        item.appendChild(el("div", { class: "small" }, row.year + " · " + row.outcome));
        var button = el("button", { type: "button", class: "btn btn-sm btn-outline-primary mt-1" }, data.button);
        button.addEventListener("click", function () { markMaintained(form, row.id, row.name, row.year); });
        item.appendChild(button);
        list.appendChild(item);
      });
      body.appendChild(list);
      card.appendChild(body);
      box.appendChild(card);
    }
    name.addEventListener("input", lookup);
  }

  // Pick a record from many with a search box that fills an id field, never a select of them all:
  // the replicated initiative (initiative_lookup) and, for an administrator, the unit (the admin's
  // autocomplete, which answers {id, text}). Without JavaScript the id is typed.
  function searchPicker(form, input) {
    var results = document.getElementById(input.getAttribute("data-lookup-results"));
    var chosen = document.getElementById(input.getAttribute("data-lookup-chosen"));
    var target = form.querySelector('[name="' + input.getAttribute("data-lookup-target") + '"]');
    if (!results || !target) return;
    var url = input.getAttribute("data-lookup-url");
    var param = input.getAttribute("data-lookup-param") || "q";
    var search = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { results.replaceChildren(); return; }
      var params = new URLSearchParams();
      params.set(param, q);
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          results.replaceChildren();
          (data.results || []).forEach(function (row) {
            var label = row.text !== undefined ? row.text : row.name + " — " + row.unit + " (" + row.year + ")";
            var button = el("button", { type: "button", class: "list-group-item list-group-item-action" }, label);
            button.addEventListener("click", function () {
              target.value = row.id;
              target.dispatchEvent(new Event("change"));
              if (chosen) chosen.textContent = "✓ " + (row.text !== undefined ? row.text : row.name + " — " + row.unit);
              results.replaceChildren();
            });
            results.appendChild(button);
          });
        })
        .catch(function () { results.replaceChildren(); });
    }, 300);
    input.addEventListener("input", search);
  }

  // List the chosen files (name and size) before uploading.
  function filePreview() {
    document.querySelectorAll("input[type=file][data-file-preview]").forEach(function (input) {
      var list = document.querySelector('[data-preview-for="' + input.id + '"]');
      if (!list) return;
      input.addEventListener("change", function () {
        list.replaceChildren();
        Array.prototype.forEach.call(input.files, function (file) {
          var size = file.size >= 1048576 ? (file.size / 1048576).toFixed(1) + " MB" : Math.ceil(file.size / 1024) + " KB";
          list.appendChild(el("li", {}, file.name + " (" + size + ")"));
        });
      });
    });
  }

  // One tap, one post: a form that is being sent cannot be sent again by a second tap (a slow
  // phone connection invites it). The buttons are disabled just after the submit event, so the
  // pressed button's name and value still go with the form; Back (page restored from the cache)
  // gives working buttons again. The server guards every action too; this spares the user the
  // "already done" page.
  function singleSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
      if (form.dataset.sending === "1") { event.preventDefault(); return; }
      form.dataset.sending = "1";
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      document.querySelectorAll("form[data-sending]").forEach(function (form) {
        delete form.dataset.sending;
        form.querySelectorAll("[aria-busy=true]").forEach(function (button) {
          button.disabled = false;
          button.removeAttribute("aria-busy");
        });
      });
    });
  }

  // The recognition queue's "compare" link opens the side-by-side under its row instead of a new
  // page: the comparison page is fetched once and its [data-twin-detail] part moved in; a second
  // click hides or shows it. Without JavaScript (or if the fetch fails) the link is a normal page.
  function twinCompare() {
    document.querySelectorAll("a[data-twin-compare-link]").forEach(function (link) {
      var slot = document.getElementById(link.getAttribute("data-twin-compare-link"));
      if (!slot) return;
      link.setAttribute("aria-controls", slot.id);
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        if (slot.dataset.loaded === "1") {
          slot.hidden = !slot.hidden;
          link.setAttribute("aria-expanded", String(!slot.hidden));
          return;
        }
        fetch(link.href, { credentials: "same-origin" })
          .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
          .then(function (html) {
            var part = new DOMParser().parseFromString(html, "text/html").querySelector("[data-twin-detail]");
            if (!part) throw new Error("no comparison");
            slot.replaceChildren(document.importNode(part, true));
            slot.dataset.loaded = "1";
            slot.hidden = false;
            link.setAttribute("aria-expanded", "true");
          })
          .catch(function () { window.location.href = link.href; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    languageSwitch();
    twinCompare();
    filePreview();
    singleSubmit();
    var form = document.getElementById("initiative-form");
    if (form) {
      originToggle(form);
      similarLookup(form);
      form.querySelectorAll("input[data-lookup-url]").forEach(function (input) { searchPicker(form, input); });
    }
  });
})();
