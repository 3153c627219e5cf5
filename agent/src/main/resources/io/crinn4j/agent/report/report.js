/* crinn report: draws the page's charts with Apache ECharts (inlined above) from the JSON in #crinn-data.
 * Every chart element names its kind (data-chart), campaign (data-campaign) and, for curves, its query set (data-set). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('crinn-data').textContent);
  var ORDER = ['OK', 'PARSE_ERROR', 'POLICY_VIOLATION', 'COMPILE_ERROR', 'BUILD_TIMEOUT', 'SEARCH_TIMEOUT', 'OUT_OF_MEMORY', 'CRASH',
    'INVALID_RESULT', 'RECALL_FLOOR', 'BUILD_BUDGET', 'MEMORY_BUDGET', 'HARNESS_FAILURE', 'UNSTABLE', 'NO_CODE', 'EDIT_NOT_APPLIED',
    'PROPOSER_ERROR', 'DUPLICATE'];
  var COLORS = {
    OK: '#2e7d32', DUPLICATE: '#98a2b3', UNSTABLE: '#7a5af8', NO_CODE: '#f79009', EDIT_NOT_APPLIED: '#fdb022',
    PROPOSER_ERROR: '#b54708', PARSE_ERROR: '#e04f16', POLICY_VIOLATION: '#c11574', COMPILE_ERROR: '#d92d20',
    BUILD_TIMEOUT: '#912018', SEARCH_TIMEOUT: '#b42318', OUT_OF_MEMORY: '#7a271a', CRASH: '#55160c', INVALID_RESULT: '#dd2590',
    RECALL_FLOOR: '#f04438', BUILD_BUDGET: '#fb6514', MEMORY_BUDGET: '#ef6820', HARNESS_FAILURE: '#344054'
  };
  var ROLE_COLORS = {seed: '#475467', winner: '#1f5fa8', final: '#d92d20', best: '#f79009'};
  var WINNER_PALETTE = ['#1f5fa8', '#0e9384', '#6938ef', '#c11574'];
  var STAR = 'path://M50,3 L61,38 L98,38 L68,60 L79,95 L50,73 L21,95 L32,60 L2,38 L39,38 Z';

  function statusColor(s) { return COLORS[s] || '#d92d20'; }
  function byOrder(a, b) { return ORDER.indexOf(a) - ORDER.indexOf(b); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function fixed(x, d) { return x === null || x === undefined ? '—' : Number(x).toFixed(d); }
  function anchor(campaign, what) { return 'c' + campaign + '-' + what.replace(/[^A-Za-z0-9_-]/g, '_'); }

  function curves(c, key) {
    var set = c.curves[key];
    var lo = c.band[0];
    set.series.forEach(function (s) { s.points.forEach(function (p) { lo = Math.min(lo, p[0]); }); });
    var xmin = Math.max(0, Math.floor((lo - 0.01) * 20) / 20);
    var winners = 0;
    var last = '#344054';
    return {
      animation: false,
      tooltip: {trigger: 'item', formatter: function (p) {
        return esc(p.seriesName) + '<br>ef ' + p.data[2] + ': recall ' + fixed(p.data[0], 4) + ', ' +
          Math.round(p.data[1]).toLocaleString('en') + ' QPS';
      }},
      legend: {bottom: 0, type: 'scroll'},
      grid: {left: 70, right: 20, top: 30, bottom: 70},
      xAxis: {type: 'value', name: 'recall@10', nameLocation: 'middle', nameGap: 26, min: xmin, max: 1, interval: 0.05},
      yAxis: {type: 'log', logBase: 10, name: 'queries per second (log scale)', nameLocation: 'middle', nameGap: 52,
        min: function (v) { return v.min / 1.3; }, max: function (v) { return v.max * 1.3; },
        axisLabel: {showMinLabel: false, showMaxLabel: false,
          formatter: function (v) { return v >= 1000 ? Math.round(v / 100) / 10 + 'k' : Math.round(v); }}},
      series: set.series.map(function (s, i) {
        // A variant's own worker's seed instance ('<role>-seed') follows it, in its colour, dashed.
        var paired = /-seed$/.test(s.role);
        var color = paired ? last : s.role === 'winner' ? WINNER_PALETTE[winners++ % WINNER_PALETTE.length] : ROLE_COLORS[s.role] || '#344054';
        last = color;
        var o = {
          name: s.name, type: 'line', data: s.points, symbol: paired ? 'emptyCircle' : 'circle', symbolSize: 5, color: color,
          lineStyle: {width: paired ? 1.2 : s.role === 'final' ? 2.5 : 1.8, type: paired ? 'dashed' : 'solid'}
        };
        if (i === 0) {
          o.markArea = {silent: true, itemStyle: {color: 'rgba(250, 200, 40, 0.18)'},
            label: {show: true, position: 'insideTop', color: '#93370d', formatter: 'reward band'},
            data: [[{xAxis: c.band[0]}, {xAxis: c.band[1]}]]};
        }
        return o;
      })
    };
  }

  function timeline(c) {
    var t = c.timeline;
    var groups = {};
    t.points.forEach(function (p) {
      (groups[p.status] = groups[p.status] || []).push({value: [p.n, p.scored ? p.reward : t.floor], p: p});
    });
    var series = Object.keys(groups).sort(byOrder).map(function (s) {
      return {name: s, type: 'scatter', data: groups[s], color: statusColor(s), symbolSize: 9,
        symbol: s === 'OK' ? 'circle' : s === 'DUPLICATE' ? 'emptyCircle' : 'triangle'};
    });
    series.push({name: 'best so far', type: 'line', step: 'end', data: t.best, showSymbol: false, color: '#1f5fa8',
      lineStyle: {width: 1.8}, markLine: {silent: true, symbol: 'none', lineStyle: {color: '#98a2b3', type: 'dashed'},
        label: {formatter: '{b}', position: 'insideEndTop', color: '#475467'},
        data: t.stages.map(function (s) { return {name: s.label, xAxis: s.n - 0.5}; })}});
    if (t.winners.length > 0) {
      series.push({name: 'stage winner', type: 'scatter', symbol: STAR, symbolSize: 20, color: '#fdb022', z: 5,
        itemStyle: {borderColor: '#7a2e0e', borderWidth: 1},
        data: t.winners.map(function (w) { return {value: [w.n, w.confirmed], w: w}; })});
    }
    var n = t.points.length;
    return {
      animation: false,
      tooltip: {trigger: 'item', formatter: function (q) {
        if (q.data && q.data.p) {
          var p = q.data.p;
          return esc(p.id) + '<br>' + esc(p.status) + (p.scored ? ', reward ' + fixed(p.reward, 3) : ', penalty ' + fixed(p.reward, 3)) +
            '<br><span style="font-size:11px">' + esc(p.how) + '</span>';
        }
        if (q.data && q.data.w) {
          return esc(q.data.w.id) + ' accepted<br>' + (q.data.w.reMeasured ? 'confirmed ' : 'accepted on its first measurement, not re-measured: ') +
            fixed(q.data.w.confirmed, 3) + ' (first ' + fixed(q.data.w.first, 3) + ')';
        }
        return esc(q.seriesName) + (q.data && q.data[1] !== undefined ? ': ' + fixed(q.data[1], 3) : '');
      }},
      legend: {bottom: 0, type: 'scroll'},
      grid: {left: 64, right: 20, top: 24, bottom: 70},
      xAxis: {type: 'value', name: 'evaluation', nameLocation: 'middle', nameGap: 26, min: 0, max: n + 1, minInterval: 1},
      yAxis: {type: 'value', name: 'reward (ratio to the seed)', nameLocation: 'middle', nameGap: 44, min: t.floor, scale: true},
      series: series
    };
  }

  function lineage(c, campaign) {
    var L = c.lineage;
    var index = {};
    L.nodes.forEach(function (n, i) { index[n.id] = i; });
    var cats = [];
    L.nodes.forEach(function (n) { if (cats.indexOf(n.status) < 0) { cats.push(n.status); } });
    cats.sort(byOrder);
    var maxX = 0;
    L.nodes.forEach(function (n) { maxX = Math.max(maxX, n.x); });
    var labels = {};
    L.columns.forEach(function (s) { labels[s.x] = s.label; });
    return {
      animation: false,
      tooltip: {trigger: 'item', formatter: function (q) {
        if (q.dataType === 'edge') {
          return esc(q.data.kind === 'crossover' ? 'crossover donor ' : 'parent ') + esc(q.data.from) + ' → ' + esc(q.data.to);
        }
        var n = q.data.n;
        return esc(n.id) + (n.winner ? ' ★ stage winner' : '') + '<br>' + esc(n.status) + ', reward ' + fixed(n.reward, 3) +
          '<br><span style="font-size:11px">' + esc(n.how) + '</span>';
      }},
      legend: {bottom: 0, data: cats},
      grid: {left: 50, right: 20, top: 30, bottom: 60},
      // Integer bounds: ticks fall on the columns, so a stage's start column carries the stage's name.
      xAxis: {type: 'value', min: -1, max: maxX + 1, interval: 1, splitLine: {show: false}, axisLine: {onZero: false},
        axisTick: {show: false}, axisLabel: {hideOverlap: true, formatter: function (v) { return labels[v] !== undefined ? labels[v] : ''; }}},
      yAxis: {type: 'value', inverse: true, min: -1, max: L.rows, interval: 1, axisLabel: {show: false}, axisLine: {show: false},
        axisTick: {show: false}, splitLine: {show: false}},
      series: [{
        name: 'lineage', type: 'graph', layout: 'none', coordinateSystem: 'cartesian2d', roam: false,
        categories: cats.map(function (s) { return {name: s, itemStyle: {color: statusColor(s)}}; }),
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6, emphasis: {focus: 'adjacency'},
        data: L.nodes.map(function (n) {
          return {name: n.id, value: [n.x, n.y], n: n, category: cats.indexOf(n.status),
            symbol: n.winner ? STAR : n.start ? 'rect' : 'circle', symbolSize: n.winner ? 22 : n.start ? 14 : 10,
            itemStyle: {borderColor: n.winner ? '#7a2e0e' : '#ffffff', borderWidth: 1}};
        }),
        links: L.edges.map(function (e) {
          return {source: index[e.source], target: index[e.target], kind: e.kind, from: e.source, to: e.target,
            lineStyle: e.kind === 'crossover' ? {type: 'dashed', color: '#d92d20', width: 1.5, curveness: 0.25}
              : {color: '#98a2b3', width: 1, curveness: 0.08}};
        })
      }]
    };
  }

  function failures(c) {
    var f = c.failures;
    return {
      animation: false,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {bottom: 0, type: 'scroll'},
      grid: {left: 50, right: 20, top: 20, bottom: 60},
      xAxis: {type: 'category', data: f.modules},
      yAxis: {type: 'value', name: 'variants', minInterval: 1},
      series: f.series.slice().sort(function (a, b) { return byOrder(a.status, b.status); }).map(function (s) {
        return {name: s.status, type: 'bar', stack: 'status', data: s.counts, color: statusColor(s.status)};
      })
    };
  }

  function tokens(c) {
    var t = c.tokens;
    return {
      animation: false,
      tooltip: {trigger: 'axis'},
      legend: {bottom: 0},
      grid: {left: 70, right: 70, top: 30, bottom: 80},
      xAxis: {type: 'category', data: t.groups, axisLabel: {rotate: 30, fontSize: 10}},
      yAxis: [{type: 'value', name: 'tokens'}, {type: 'value', name: 'USD', position: 'right'}],
      series: [
        {name: 'input tokens', type: 'bar', stack: 'tokens', data: t.input, color: '#84adff'},
        {name: 'output tokens', type: 'bar', stack: 'tokens', data: t.output, color: '#1f5fa8'},
        {name: 'cost (USD)', type: 'line', yAxisIndex: 1, data: t.cost, color: '#d92d20'}
      ]
    };
  }

  var charts = [];
  var els = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    var campaign = Number(el.getAttribute('data-campaign'));
    var c = data.campaigns[campaign];
    var kind = el.getAttribute('data-chart');
    var option = kind === 'curves' ? curves(c, el.getAttribute('data-set'))
      : kind === 'timeline' ? timeline(c)
      : kind === 'lineage' ? lineage(c, campaign)
      : kind === 'failures' ? failures(c)
      : kind === 'tokens' ? tokens(c) : null;
    if (option === null) {
      throw new Error('unknown chart kind ' + kind);
    }
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    chart.setOption(option);
    if (kind === 'lineage') {
      chart.on('click', (function (camp) {
        return function (q) {
          if (q.dataType === 'node') {
            var target = document.getElementById(anchor(camp, 'diff-' + q.data.name)) || document.getElementById(anchor(camp, 'code-' + q.data.name));
            if (target) { location.hash = target.id; }
          }
        };
      })(campaign));
    }
    charts.push(chart);
  }
  window.addEventListener('resize', function () { charts.forEach(function (ch) { ch.resize(); }); });
})();
