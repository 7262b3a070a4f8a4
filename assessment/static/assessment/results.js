// The results page's two charts (Chart.js, vendored). The same numbers are in the tables
// beside them, so nothing is lost without JavaScript or for a screen reader.
(function () {
  var source = document.getElementById("results-chart-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = {exemplary: "#b8860b", standard: "#198754", none: "#adb5bd", vetoed: "#212529"};
  var grades = document.getElementById("grades-chart");
  if (grades) {
    new Chart(grades, {
      type: "bar",
      data: {
        labels: data.categories,
        datasets: ["exemplary", "standard", "none", "vetoed"].map(function (key) {
          return {label: data.grade_labels[key], data: data.grades[key], backgroundColor: colours[key]};
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
        plugins: {legend: {position: "bottom"}}
      }
    });
  }
  var bands = document.getElementById("bands-chart");
  if (bands) {
    new Chart(bands, {
      type: "bar",
      data: {labels: data.bands, datasets: [{label: data.band_label, data: data.band_counts, backgroundColor: "#a3161a"}]},
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
        plugins: {legend: {display: false}}
      }
    });
  }
})();
