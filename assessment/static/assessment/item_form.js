// The rubric item form: show only the fields that apply to the item's kind and rule (all stay in the form).
(function () {
  var form = document.getElementById("item-form");
  if (!form) return;
  function sync() {
    var kind = form.elements.kind.value, rule = form.elements.rule_kind.value, measured = !!form.elements.indicator_code.value;
    form.querySelectorAll("[data-show-for]").forEach(function (el) { el.hidden = el.dataset.showFor.split(" ").indexOf(kind) < 0; });
    form.querySelectorAll("[data-hide-for]").forEach(function (el) { el.hidden = el.dataset.hideFor.split(" ").indexOf(kind) >= 0; });
    document.getElementById("rule-fields").hidden = !measured;
    form.querySelectorAll("[data-rule]").forEach(function (el) { el.hidden = el.dataset.rule !== rule; });
  }
  form.addEventListener("change", sync);
  sync();
})();
