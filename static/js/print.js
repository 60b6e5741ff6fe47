// Any element with data-print opens the browser's print dialog (the page has a print stylesheet).
document.addEventListener("click", function (event) {
  var trigger = event.target.closest("[data-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});
