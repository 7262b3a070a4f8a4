/* The judge's score grid: keyboard only. Tab moves on natively; Enter moves to the next cell
   (Shift+Enter to the previous one) instead of submitting the form. Leaving a changed cell
   fires "change", which htmx posts; the answer replaces the cell (with its message, if the
   score was refused). Focusing a cell selects its text, so typing replaces it. */
(function () {
  "use strict";
  function cells() {
    return Array.prototype.slice.call(document.querySelectorAll("#score-grid .score-input:not([readonly])"));
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.classList || !input.classList.contains("score-input")) return;
    event.preventDefault();
    var all = cells();
    var next = all[all.indexOf(input) + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
    } else {
      input.blur();
    }
  });
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.classList && input.classList.contains("score-input") && !input.readOnly) {
      input.select();
    }
  });
})();
