// The budget lines page: the running totals of income and expenditure and their difference
// under the lines (a balanced budget: income ≥ expenditure; the server shows them again on the
// version's page). Amounts are added in fen. "Add a line" copies the last line, emptied.
(function () {
  "use strict";
  var form = document.getElementById("budget-form");
  var totals = document.getElementById("budget-totals");
  if (!form || !totals) { return; }
  var income = new Set((totals.dataset.incomeIds || "").trim().split(/\s+/));
  function fen(value) {
    var n = Number(String(value || "").trim());
    return isFinite(n) && n > 0 ? Math.round(n * 100) : 0;
  }
  function yuan(cents) {
    return (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
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
  var adder = form.querySelector("[data-add-line]");
  var total = form.querySelector('input[name="lines-TOTAL_FORMS"]');
  if (adder && total) {
    adder.addEventListener("click", function () {
      var lines = form.querySelectorAll(".budget-line");
      var index = Number(total.value);
      if (index >= Number(adder.dataset.max || 80)) { adder.disabled = true; return; }
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
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  window.addEventListener("pageshow", function () { delete form.dataset.sent; });
  update();
})();
