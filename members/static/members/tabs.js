// Open the tab named in the address (#tab-dues) and keep the address in step with the open tab.
(function () {
  function show(hash) {
    var button = hash && document.querySelector('[data-bs-toggle="tab"][data-bs-target="' + hash + '"]');
    if (button && window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(button).show(); }
  }
  show(window.location.hash);
  document.querySelectorAll('[data-bs-toggle="tab"]').forEach(function (button) {
    button.addEventListener('shown.bs.tab', function () {
      history.replaceState(null, '', button.getAttribute('data-bs-target'));
    });
  });
})();
