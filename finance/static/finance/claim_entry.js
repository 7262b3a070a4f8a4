// The claim entry page: the running total under the items, added in fen (0.1 + 0.2 is 0.30);
// adding an item and the double-click guard are formset_rows.js'. The server checks again.
(function () {
  "use strict";
  var form = document.getElementById("claim-form");
  var total = document.getElementById("claim-total");
  if (!form || !total) { return; }
  function update() {
    var fen = 0;
    form.querySelectorAll("input[data-claim-amount]").forEach(function (input) { fen += window.financeFen(input.value); });
    total.textContent = window.financeYuan(fen);
  }
  form.addEventListener("input", update);
  window.financeFormsetRows(form, { row: ".claim-item", prefix: "items", adder: "[data-add-item]" });
  update();
})();
