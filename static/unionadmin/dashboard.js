// The dashboard's three charts (Chart.js, vendored). Every chart's numbers are also in a
// table one click away (<details>), so nothing is lost without JavaScript or to a screen reader.
(function () {
  var source = document.getElementById("dashboard-chart-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var red = "#a3161a", grey = "#6c757d";
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  Chart.defaults.font.size = 12;
  var common = {responsive: true, maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}}};
  function pick(list, key) { return list.map(function (p) { return p[key]; }); }
  var overTime = document.getElementById("chart-over-time");
  if (overTime) {
    var sets = [{label: data.label, data: pick(data.over_time, "value"), borderColor: red, backgroundColor: red, spanGaps: true}];
    if (data.target !== null) {
      sets.push({label: overTime.dataset.targetLabel || "Target",
                 data: data.over_time.map(function () { return data.target; }), borderColor: grey,
                 borderDash: [6, 4], pointRadius: 0});
    }
    new Chart(overTime, {type: "line", data: {labels: pick(data.over_time, "label"), datasets: sets},
      options: Object.assign({}, common, {scales: {y: {beginAtZero: true}}})});
  }
  var histogram = document.getElementById("chart-histogram");
  if (histogram) {
    new Chart(histogram, {type: "bar",
      data: {labels: pick(data.histogram, "label"), datasets: [{label: data.label, data: pick(data.histogram, "count"), backgroundColor: red}]},
      options: Object.assign({}, common, {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}})});
  }
  var ranked = document.getElementById("chart-ranked");
  if (ranked) {
    new Chart(ranked, {type: "bar",
      data: {labels: pick(data.ranked, "label"), datasets: [{label: data.label, data: pick(data.ranked, "value"),
             backgroundColor: data.ranked.map(function (p) { return data.target !== null && p.value >= data.target ? "#198754" : red; })}]},
      options: Object.assign({}, common, {indexAxis: "y", scales: {x: {beginAtZero: true}}})});
  }
})();
