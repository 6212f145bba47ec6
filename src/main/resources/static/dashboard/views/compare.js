// Two or more jobs on one chart (e.g. dropout 0.5 against none on the same data), with a table beside it.
import { get } from '../api.js';
import { h, jobColours, number, percent, statusBadge } from '../format.js';
import { curveChart } from '../chart.js';
import { heading, loading, problemBox } from '../ui.js';
import { navigate } from '../app.js';

export async function render(main, params, query) {
  const ids = (query.get('jobs') || '').split(',').map((s) => s.trim()).filter(Boolean);
  main.append(heading('Compare jobs'));
  if (ids.length < 2) return chooser(main, ids);
  main.append(loading('the jobs'));
  let runs;
  try {
    runs = await Promise.all(ids.map(async (id) => {
      const [job, metrics] = await Promise.all([get(`/jobs/${encodeURIComponent(id)}`),
        get(`/jobs/${encodeURIComponent(id)}/metrics`)]);
      return { job, rows: metrics.epochs };
    }));
  } catch (e) {
    main.lastChild.replaceWith(problemBox(e));
    return null;
  }
  main.lastChild.remove();
  const colours = jobColours(ids);
  runs.forEach((r, i) => { r.colour = colours[i]; });
  const classification = runs.some((r) => r.rows.some((m) => m.validationAccuracy != null || m.trainAccuracy != null));
  const maxEpoch = Math.max(1, ...runs.flatMap((r) => r.rows.map((m) => m.epoch)));
  // one row per epoch, one column per job and metric: jobs of different lengths share the x axis
  const table = [];
  for (let e = 1; e <= maxEpoch; e++) table.push({ epoch: e });
  runs.forEach((r, i) => r.rows.forEach((m) => Object.assign(table[m.epoch - 1], {
    [`t${i}`]: m.trainLoss, [`v${i}`]: m.validationLoss,
    [`ta${i}`]: classification ? m.trainAccuracy : null,
    [`va${i}`]: classification ? m.validationAccuracy : m.validationRmse,
  })));
  const label = (r) => r.job.name || r.job.id;
  const charts = h('div', { class: 'charts', id: 'compare-charts' });
  main.append(runTable(runs, classification), charts);
  curveChart(charts, {
    title: 'Loss per epoch (solid: validation, dashed: train)', format: (v, d) => number(v, d || 4),
    yLabel: classification ? 'loss (cross-entropy, nats)' : 'loss (mean squared error)',
    series: runs.flatMap((r, i) => [{ label: `${label(r)} validation`, colour: r.colour, key: `v${i}` },
      { label: `${label(r)} train`, colour: r.colour, dash: true, key: `t${i}` }]),
  }).update(table);
  curveChart(charts, classification
    ? { title: 'Accuracy per epoch (solid: validation, dashed: train)', yLabel: 'accuracy (%)', percent: true,
      format: (v, d) => percent(v, d === 2 ? 0 : 1),
      series: runs.flatMap((r, i) => [{ label: `${label(r)} validation`, colour: r.colour, key: `va${i}` },
        { label: `${label(r)} train`, colour: r.colour, dash: true, key: `ta${i}` }]) }
    : { title: 'Validation RMSE per epoch', yLabel: 'RMSE (target units)', format: (v, d) => number(v, d || 4),
      series: runs.map((r, i) => ({ label: label(r), colour: r.colour, key: `va${i}` })) }).update(table);
  return null;
}

function runTable(runs, classification) {
  return h('div', { class: 'table-wrap' }, h('table', { id: 'compare-table' },
    h('caption', { class: 'visually-hidden' }, 'The compared jobs'),
    h('thead', {}, h('tr', {}, ['Job', 'Status', 'Dropout (input / hidden)', 'Best epoch',
      classification ? 'Validation accuracy' : 'Validation RMSE', 'Validation loss', 'Gap']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, runs.map(({ job, rows, colour }) => {
      const at = rows.find((m) => m.epoch === job.bestEpoch) || rows[rows.length - 1] || {};
      const hidden = (job.spec?.model?.hiddenLayers || []).map((l) => l.dropout).join(', ');
      return h('tr', {},
        h('td', {}, h('span', { class: 'swatch', style: `background:${colour}` }),
          h('a', { href: `/ui/jobs/${encodeURIComponent(job.id)}` }, job.name || job.id)),
        h('td', {}, statusBadge(job.status)),
        h('td', {}, `${job.spec?.model?.inputDropout ?? 0} / ${hidden || '–'}`),
        h('td', { class: 'num' }, job.bestEpoch ?? '–'),
        h('td', { class: 'num' }, classification ? percent(at.validationAccuracy) : number(at.validationRmse)),
        h('td', { class: 'num' }, number(at.validationLoss)),
        h('td', { class: 'num' }, number(at.gap)));
    }))));
}

async function chooser(main, preselected) {
  main.append(h('p', {}, 'Pick two or more jobs to draw on one chart. Each job keeps its colour in every view.'));
  let page;
  try {
    page = await get('/jobs?size=50');
  } catch (e) {
    main.append(problemBox(e));
    return null;
  }
  const chosen = new Set(preselected);
  const button = h('button', { type: 'submit', disabled: chosen.size < 2 }, 'Compare');
  const form = h('form', { class: 'card' },
    h('fieldset', {}, h('legend', {}, 'Jobs'), page.items.map((job) => {
      const box = h('input', { type: 'checkbox', id: `pick-${job.id}`, value: job.id, checked: chosen.has(job.id) });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(job.id); else chosen.delete(job.id);
        button.disabled = chosen.size < 2;
      });
      return h('div', { class: 'check' }, box, h('label', { for: `pick-${job.id}` },
        `${job.name || job.id} (${job.datasetId}, ${job.status.toLowerCase()})`));
    })), button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/ui/compare?jobs=${[...chosen].join(',')}`);
  });
  main.append(form);
  return null;
}
