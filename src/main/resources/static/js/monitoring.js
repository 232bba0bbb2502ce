// Security monitoring pages (issue 21.5). The dashboard's charts come from the data-chart attribute the
// server wrote (no inline script, the content security policy forbids it); every chart also has its
// table on the page, for people who cannot tell the colours apart. The triage form shows the incident
// field only for the incident outcome.
(function () {
  'use strict';

  function drawCharts() {
    if (typeof echarts === 'undefined') {
      return;
    }
    document.querySelectorAll('[data-chart]').forEach(function (box) {
      var data = JSON.parse(box.getAttribute('data-chart'));
      var chart = echarts.init(box, null, { renderer: 'canvas' });
      var line = data.type === 'line';
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { show: data.series.length > 1, top: 0 },
        grid: { left: 8, right: 16, top: data.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
        xAxis: line
          ? { type: 'category', data: data.categories, boundaryGap: false }
          : { type: 'category', data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 4 ? 30 : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: data.series.map(function (s) {
          return { name: s.name, type: line ? 'line' : 'bar', stack: data.stacked ? 'all' : undefined, data: s.data };
        })
      });
      box.setAttribute('data-drawn', 'true');
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  function incidentField() {
    var field = document.querySelector('[data-shown-for]');
    if (!field) {
      return;
    }
    var shownFor = field.getAttribute('data-shown-for');
    var radios = document.querySelectorAll('input[name="outcome"]');
    function update() {
      var chosen = document.querySelector('input[name="outcome"]:checked');
      var invalid = field.querySelector('.is-invalid');
      field.hidden = !invalid && !(chosen && chosen.value === shownFor);
    }
    radios.forEach(function (radio) { radio.addEventListener('change', update); });
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts();
    incidentField();
  });
}());
