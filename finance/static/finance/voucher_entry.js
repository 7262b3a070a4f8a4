// The voucher entry page: the running debit and credit totals under the lines, and whether they
// balance (the server checks again on save). Amounts are added in fen, so 0.1 + 0.2 is 0.30.
(function () {
  "use strict";
  var form = document.getElementById("voucher-form");
  var totals = document.getElementById("voucher-totals");
  if (!form || !totals) { return; }
  var fen = window.financeFen, yuan = window.financeYuan;  // formset_rows.js'
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
  // "Add a line" and the double-click guard (the server also posts once) are formset_rows.js'.
  window.financeFormsetRows(form, { row: ".voucher-line", prefix: "lines", adder: "[data-add-line]" });
  update();
})();
