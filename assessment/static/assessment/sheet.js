// The self-assessment and review pages: an item whose save failed is marked, a saved one unmarked.
document.body.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (!target || !target.id || target.id.indexOf("status-") !== 0) return;
  var form = target.closest("form");
  if (!form) return;
  var failed = !!target.querySelector("[role=alert]");
  form.querySelectorAll("input[name=points], textarea").forEach(function (input) {
    input.classList.toggle("is-invalid", failed);
  });
});
