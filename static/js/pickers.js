// Pickers that search (unionadmin/pickers.py): every <select data-picker-url> becomes a Tom Select
// box that asks the server as the person types (a name, the last 4 digits of an ID number, a card
// or mobile number) instead of listing every member or union on the page. The <select> holds only
// the chosen option(s), so the form posts and validates exactly as a plain select would.
// Tom Select (static/vendor/tom-select) is loaded only when a page has such a select; its URLs come
// from this script tag's data-* attributes (hashed static names), never from inline script.
(function () {
  "use strict";

  var script = document.currentScript;
  var waiting = null;

  function withTomSelect(callback) {
    if (window.TomSelect) return callback();
    if (waiting) return waiting.push(callback);
    waiting = [callback];
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.getAttribute("data-tom-select-css");
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = script.getAttribute("data-tom-select");
    js.onload = function () {
      var callbacks = waiting;
      waiting = [];
      callbacks.forEach(function (run) { run(); });
    };
    document.head.appendChild(js);
  }

  function text(select, name, fallback) {
    return select.getAttribute("data-picker-" + name) || fallback;
  }

  function escapeHtml(value) {
    var div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  function enhance(select) {
    if (select.tomselect) return;
    var url = select.getAttribute("data-picker-url");
    var more = false;
    var plugins = {};
    if (select.multiple) plugins.remove_button = {title: text(select, "remove", "×")};
    else if (!select.required) plugins.clear_button = {title: text(select, "clear", "×")};
    var box = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],  // the server searched: keep its order and every row it sent
      score: function () { return function () { return 1; }; },
      placeholder: text(select, "placeholder", ""),
      loadThrottle: 250,
      maxOptions: null,
      create: false,
      plugins: plugins,
      shouldLoad: function (query) { return query.trim().length >= 1; },
      load: function (query, callback) {
        var self = this;
        var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, {credentials: "same-origin", headers: {Accept: "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: [], more: false}; })
          .then(function (data) {
            more = Boolean(data.more);
            self.clearOptions();  // last search's rows go; the chosen ones stay
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escapeHtml(text(select, "empty", "")) + "</div>";
        },
        loading: function () {
          return '<div class="spinner" role="status"><span class="visually-hidden">' +
            escapeHtml(text(select, "loading", "")) + "</span></div>";
        }
      },
      onLoad: function () {
        var note = this.dropdown.querySelector(".picker-more");
        if (note) note.remove();
        if (more) {
          note = document.createElement("div");
          note.className = "picker-more small text-body-secondary px-2 py-1";
          note.textContent = text(select, "more", "");
          this.dropdown.appendChild(note);
        }
      }
    });
    // Tom Select points the <label> at its own box; the hidden <select> keeps the same name
    // (axe "select-name"), and the box gets the select's help text too.
    var label = document.getElementById(select.id + "-ts-label");
    if (label) select.setAttribute("aria-labelledby", label.id);
    var described = select.getAttribute("aria-describedby");
    if (described && box.control_input) box.control_input.setAttribute("aria-describedby", described);
  }

  function prepare(root) {
    var selects = root.querySelectorAll ? root.querySelectorAll("select[data-picker-url]") : [];
    if (root.matches && root.matches("select[data-picker-url]")) selects = [root];
    if (!selects.length) return;
    withTomSelect(function () { Array.prototype.forEach.call(selects, enhance); });
  }

  prepare(document);
  if (window.htmx) window.htmx.onLoad(prepare);  // and every form htmx swaps in
})();
