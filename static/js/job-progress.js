// The job page's progress: polls the job's status (JSON) and moves the bar; when the job is
// finished, reloads the page, which then shows the download link or the reason it failed.
// Without JavaScript the page refreshes itself (<noscript><meta http-equiv="refresh">).
(function () {
  var box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("[data-job-bar]");
  var state = box.querySelector("[data-job-state]");
  var rows = box.querySelector("[data-job-rows]");
  var delay = 1000;

  function show(data) {
    if (bar && data.percent !== null) {
      var inner = bar.firstElementChild;
      inner.classList.remove("progress-bar-striped", "progress-bar-animated", "w-100");
      inner.style.width = data.percent + "%";
      bar.setAttribute("aria-valuenow", String(data.percent));
    }
    if (state) state.textContent = data.state_label;
    if (rows && data.rows_total) {
      rows.textContent = "— " + rows.getAttribute("data-format")
        .replace("{done}", data.rows_done).replace("{total}", data.rows_total);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.finished) { window.location.reload(); return; }
        show(data);
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  // The width is set here, not in a style attribute: the Content-Security-Policy forbids inline styles.
  var inner = bar && bar.firstElementChild;
  if (inner && inner.hasAttribute("data-percent")) {
    inner.style.width = inner.getAttribute("data-percent") + "%";
  }
  window.setTimeout(poll, delay);
})();
