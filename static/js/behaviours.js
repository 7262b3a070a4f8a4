// The small behaviours every page may use, declared in the markup with data-* attributes instead
// of inline handlers (the Content-Security-Policy allows no inline script and no inline style):
//   <form data-confirm="Question?">       asks before a plain (non-htmx) form is sent
//   <select data-autosubmit>              sends its form when the choice changes
//   <button data-copy-from="#id">         copies that field's text to the clipboard
//   <input data-select-on-click>          selects its whole text when clicked
//   <button data-remove-closest="li">     removes the nearest such ancestor (an unsaved htmx form)
//   <div data-width="45">                 a bar 45% wide (progress bars; also after htmx swaps)
//   <button data-print>                   opens the print dialog; <span data-print-on-load> opens it
//                                         once the page is loaded (a list's "print all rows" page)
// and every .table-responsive that scrolls sideways can be focused, so a keyboard can scroll it
// (WCAG 2.1.1; axe "scrollable-region-focusable").
// Listeners sit on the document, so content swapped in by htmx works without re-binding.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    var element = event.target.closest ? event.target.closest("[data-copy-from], [data-select-on-click], [data-remove-closest], [data-print]") : null;
    if (!element) return;
    if (element.hasAttribute("data-print")) {
      window.print();
    } else if (element.hasAttribute("data-copy-from")) {
      var source = document.querySelector(element.getAttribute("data-copy-from"));
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent);
    } else if (element.hasAttribute("data-select-on-click")) {
      element.select();
    } else {
      var gone = element.closest(element.getAttribute("data-remove-closest"));
      if (gone) gone.remove();
    }
  });

  function widths(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-width]") : [];
    Array.prototype.forEach.call(bars, apply);
    if (root.hasAttribute && root.hasAttribute("data-width")) apply(root);
  }
  function apply(bar) {
    var value = parseFloat(bar.getAttribute("data-width"));
    if (!isNaN(value)) bar.style.width = Math.max(0, Math.min(100, value)) + "%";  // CSSOM: allowed by the CSP
  }
  function scrollables(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll(".table-responsive") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    });
  }
  function prepare(root) {
    widths(root);
    scrollables(root);
  }
  prepare(document);
  if (document.querySelector("[data-print-on-load]")) {
    window.addEventListener("load", function () { window.print(); });
  }
  if (window.htmx) window.htmx.onLoad(prepare);  // and every piece htmx swaps in
})();
