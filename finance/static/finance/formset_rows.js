// What a finance entry page with rows (a formset) shares: "Add a row" copies the last row,
// emptied and numbered next (the formset's TOTAL_FORMS); a second click on Save while the
// first is on its way does nothing (the server saves once too).
//   financeFormsetRows(form, {row: ".claim-item", prefix: "items", adder: "[data-add-item]"})
// Their running totals are added in fen, so 0.1 + 0.2 is 0.30: financeFen("12.3") is 1230 (0 for
// anything but an amount above zero), financeYuan(1230) is "12.30".
window.financeFen = function (value) {
  "use strict";
  var n = Number(String(value || "").trim());
  return isFinite(n) && n > 0 ? Math.round(n * 100) : 0;
};
window.financeYuan = function (cents) {
  "use strict";
  return (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
};
window.financeFormsetRows = function (form, options) {
  "use strict";
  var adder = form.querySelector(options.adder);
  var count = form.querySelector('input[name="' + options.prefix + '-TOTAL_FORMS"]');
  var numbered = new RegExp(options.prefix + "-\\d+-");
  if (adder && count) {
    adder.addEventListener("click", function () {
      var rows = form.querySelectorAll(options.row);
      var index = Number(count.value);
      if (index >= Number(adder.dataset.max || 30)) { adder.disabled = true; return; }
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll("[name], [id], [for]").forEach(function (element) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(numbered, options.prefix + "-" + index + "-")); }
        });
        if (element.tagName === "SELECT") { element.selectedIndex = 0; } else if (element.tagName === "INPUT") { element.value = ""; }
        element.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (error) { error.remove(); });
      rows[rows.length - 1].after(copy);
      count.value = index + 1;
      copy.querySelector("select, input").focus();
    });
  }
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  window.addEventListener("pageshow", function () { delete form.dataset.sent; });
};
