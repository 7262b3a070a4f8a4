// The budget lines page: the running totals of income and expenditure and their difference
// under the lines (a balanced budget: income ≥ expenditure; the server shows them again on the
// version's page). Amounts are added in fen. Adding a line and the double-click guard are
// formset_rows.js'.
(function () {
  "use strict";
  var form = document.getElementById("budget-form");
  var totals = document.getElementById("budget-totals");
  if (!form || !totals) { return; }
  var income = new Set((totals.dataset.incomeIds || "").trim().split(/\s+/));
  var fen = window.financeFen, yuan = window.financeYuan;  // formset_rows.js'
  function update() {
    var sums = { income: 0, expenditure: 0 };
    form.querySelectorAll(".budget-line").forEach(function (line) {
      var account = line.querySelector("select");
      var amount = line.querySelector("input[data-amount]");
      if (!account || !account.value || !amount) { return; }
      sums[income.has(account.value) ? "income" : "expenditure"] += fen(amount.value);
    });
    var difference = sums.income - sums.expenditure;
    totals.querySelector('[data-total="income"]').textContent = yuan(sums.income);
    totals.querySelector('[data-total="expenditure"]').textContent = yuan(sums.expenditure);
    totals.querySelector('[data-total="difference"]').textContent = yuan(difference);
    var state = totals.querySelector('[data-total="state"]');
    state.hidden = sums.income === 0 && sums.expenditure === 0;
    state.textContent = difference >= 0 ? totals.dataset.balanced : totals.dataset.unbalanced + " " + yuan(-difference);
    state.className = "badge " + (difference >= 0 ? "text-bg-success" : "text-bg-warning");
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  window.financeFormsetRows(form, { row: ".budget-line", prefix: "lines", adder: "[data-add-line]" });
  update();
})();
