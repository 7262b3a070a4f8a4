// The voucher entry page: the running debit and credit totals under the lines, and whether they
// balance (the server checks again on save). Amounts are added in fen, so 0.1 + 0.2 is 0.30.
(function () {
  "use strict";
  var form = document.getElementById("voucher-form");
  var totals = document.getElementById("voucher-totals");
  if (!form || !totals) { return; }
  function fen(value) {
    var n = Number(String(value || "").trim());
    return isFinite(n) && n > 0 ? Math.round(n * 100) : 0;
  }
  function yuan(cents) {
    return (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function update() {
    var sums = { debit: 0, credit: 0 };
    form.querySelectorAll("input[data-side]").forEach(function (input) {
      sums[input.dataset.side] += fen(input.value);
    });
    totals.querySelector('[data-total="debit"]').textContent = yuan(sums.debit);
    totals.querySelector('[data-total="credit"]').textContent = yuan(sums.credit);
    var state = totals.querySelector('[data-total="state"]');
    var balanced = sums.debit === sums.credit;
    state.hidden = sums.debit === 0 && sums.credit === 0;  // nothing entered yet
    state.textContent = balanced ? totals.dataset.balanced
      : totals.dataset.unbalanced + " " + yuan(Math.abs(sums.debit - sums.credit));
    state.className = "badge " + (balanced ? "text-bg-success" : "text-bg-warning");
  }
  form.addEventListener("input", update);
  // "Add a line": a copy of the last line, emptied, numbered next (the formset's TOTAL_FORMS).
  var adder = form.querySelector("[data-add-line]");
  var total = form.querySelector('input[name="lines-TOTAL_FORMS"]');
  if (adder && total) {
    adder.addEventListener("click", function () {
      var lines = form.querySelectorAll(".voucher-line");
      var index = Number(total.value);
      if (index >= Number(adder.dataset.max || 40)) { adder.disabled = true; return; }
      var copy = lines[lines.length - 1].cloneNode(true);
      copy.querySelectorAll("[name], [id], [for]").forEach(function (element) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(/lines-\d+-/, "lines-" + index + "-")); }
        });
        if (element.value !== undefined && element.tagName !== "LABEL") { element.value = ""; }
        element.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (error) { error.remove(); });
      lines[lines.length - 1].after(copy);
      total.value = index + 1;
      copy.querySelector("select, input").focus();
    });
  }
  // A second click while the first is on its way does nothing (the server also posts once).
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  window.addEventListener("pageshow", function () { delete form.dataset.sent; });
  update();
})();
