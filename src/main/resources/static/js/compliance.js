// The compliance dashboards (issue 22.3). Each chart comes from the data-chart attribute the server
// wrote (no inline script: the content security policy forbids it) and has its table on the page
// for people who cannot tell the colours apart. A bar may carry its own colour (the map's colours).
(function () {
  'use strict';

  function drawCharts() {
    if (typeof echarts === 'undefined') {
      return;
    }
    document.querySelectorAll('.compliance-chart[data-chart]').forEach(function (box) {
      var data = JSON.parse(box.getAttribute('data-chart'));
      var line = data.type === 'line';
      // Sized through the DOM rather than a style attribute, which the policy also forbids.
      box.style.width = '100%';
      box.style.height = line ? '300px' : '240px';
      var chart = echarts.init(box, null, { renderer: 'canvas' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { show: data.series.length > 1, top: 0 },
        grid: { left: 8, right: 16, top: data.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
        xAxis: line
          ? { type: 'category', data: data.categories, boundaryGap: false }
          : { type: 'category', data: data.categories, axisLabel: { interval: 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: data.series.map(function (s) {
          return { name: s.name, type: line ? 'line' : 'bar', data: s.data, symbolSize: 6 };
        })
      });
      box.setAttribute('data-drawn', 'true');
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  document.addEventListener('DOMContentLoaded', drawCharts);
}());
