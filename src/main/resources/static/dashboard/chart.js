// Learning curves drawn with uPlot (from its WebJar): epochs on x, one line per series, the generalization gap as
// a shaded band, the best epoch as a vertical marker. Data can be appended without rebuilding the chart.
import { alpha } from './format.js';

const HEIGHT = 280;
/** Epochs are whole numbers: the x axis ticks only at these steps. */
const EPOCH_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];
let firstDraw = true;

/**
 * spec: {title, yLabel, format(y), series: [{label, colour, dash, key}], band: [upperIndex, lowerIndex, colour],
 * best: () => epoch | null, percent: bool}. Returns {update(rows), chart}; rows are the epoch metrics.
 */
export function curveChart(container, spec) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.setAttribute('role', 'group');
  figure.setAttribute('aria-label', spec.title);
  container.append(figure);
  const series = [{ label: 'epoch', value: (u, v) => (v == null ? '–' : v) }].concat(spec.series.map((s) => ({
    label: s.label,
    stroke: s.colour,
    width: s.dash ? 1.5 : 2,
    dash: s.dash ? [6, 4] : undefined,
    spanGaps: false,
    points: { show: false },
    value: (u, v) => (v == null ? '–' : spec.format(v)),
  })));
  const bands = spec.band ? [{ series: [spec.band[0], spec.band[1]], fill: alpha(spec.band[2], 0.16) }] : [];
  const options = {
    title: spec.title,
    width: Math.max(280, figure.clientWidth || container.clientWidth || 600),
    height: HEIGHT,
    scales: { x: { time: false }, y: spec.percent ? { range: (u, min, max) => [Math.max(0, min - 0.02),
      Math.min(1, max + 0.02)] } : {} },
    axes: [
      { label: 'epoch', stroke: '#333', grid: { stroke: '#eee' }, incrs: EPOCH_STEPS },
      { label: spec.yLabel, stroke: '#333', grid: { stroke: '#eee' }, size: 60,
        values: (u, ticks) => ticks.map((t) => spec.format(t, 2)) },
    ],
    series,
    bands,
    legend: { live: true },
    hooks: { draw: [(u) => drawBest(u, spec.best && spec.best())] },
  };
  const data = [[], ...spec.series.map(() => [])];
  const chart = new window.uPlot(options, data, figure);
  if (spec.band) {
    const note = document.createElement('p');
    note.className = 'chart-note';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = alpha(spec.band[2], 0.3);
    note.append(swatch, ' shaded: the generalization gap between validation and train; ', bestKey(), ' best epoch');
    figure.append(note);
  }
  new ResizeObserver(() => {
    const width = Math.max(280, figure.clientWidth);
    if (Math.abs(width - chart.width) > 4) chart.setSize({ width, height: HEIGHT });
  }).observe(figure);
  figure.dataset.points = '0';
  figure.dataset.series = String(spec.series.length);
  return {
    chart,
    /** Replaces the data with rows [{epoch, ...}], each series reading its key (a string or a function). */
    update(rows) {
      const next = [rows.map((r) => r.epoch)];
      for (const s of spec.series) {
        next.push(rows.map((r) => {
          const v = typeof s.key === 'function' ? s.key(r) : r[s.key];
          return v == null ? null : v;
        }));
      }
      chart.setData(next);
      figure.dataset.points = String(rows.length);
    },
  };
}

function bestKey() {
  const mark = document.createElement('span');
  mark.className = 'best-key';
  mark.setAttribute('aria-hidden', 'true');
  mark.textContent = '┆';
  return mark;
}

function drawBest(u, best) {
  if (u.data[0].length && firstDraw) {
    firstDraw = false;
    performance.mark('dropwise:chart-drawn');
  }
  if (best == null || !u.data[0].length) return;
  const x = Math.round(u.valToPos(best, 'x', true));
  const { top, height } = u.bbox;
  const ctx = u.ctx;
  const px = window.uPlot.pxRatio || 1;
  ctx.save();
  ctx.strokeStyle = '#444';
  ctx.lineWidth = px;
  ctx.setLineDash([3 * px, 3 * px]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#222';
  ctx.font = `${12 * px}px system-ui, sans-serif`;
  const label = `best: epoch ${best}`;
  const w = ctx.measureText(label).width;
  const right = x + 4 * px + w < u.bbox.left + u.bbox.width;
  ctx.textAlign = right ? 'left' : 'right';
  ctx.fillText(label, right ? x + 4 * px : x - 4 * px, top + 14 * px);
  ctx.restore();
}
