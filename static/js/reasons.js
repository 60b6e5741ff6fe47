// Saved reasons: choosing one in a select[data-reason-for] copies its text into that textarea, where it can
// still be edited. Text the user typed is not thrown away: the reason is added below it. Without
// JavaScript the select is posted as is and the server uses the reason when the textarea is left empty.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-reason-for]")) return;
    var target = document.getElementById(select.dataset.reasonFor);
    var option = select.options[select.selectedIndex];
    var text = option && option.dataset.text;
    if (!target || !text) return;
    var current = target.value.trim();
    var previous = select.dataset.copied || "";
    // Replace what the last choice copied (changing one's mind), keep anything else the user wrote.
    target.value = !current || current === previous ? text : current + "\n" + text;
    select.dataset.copied = text;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
  });
})();
