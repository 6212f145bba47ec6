// One model: versions, aliases, metrics and provenance, and a form that predicts one instance by feature name.
import { get, post } from '../api.js';
import { bytes, h, number, percent, when } from '../format.js';
import { definitionList, heading, jsonDetails, loading, problemBox } from '../ui.js';

export async function render(main, [name], query) {
  const path = `/models/${encodeURIComponent(name)}`;
  main.append(heading(name), loading('the model'));
  let model;
  let version;
  try {
    model = await get(path);
    if (!query.get('version') && !model.latestVersion) {
      // every version was deleted: the name stays (with its aliases gone) until the model itself is deleted
      main.lastChild.replaceWith(h('p', { class: 'muted' },
        'This model has no versions: every version was deleted. A job that names it registers the next one.'));
      return null;
    }
    version = await get(`${path}/versions/${encodeURIComponent(query.get('version') || model.latestVersion)}`);
  } catch (e) {
    main.lastChild.replaceWith(problemBox(e));
    // a predict-only key cannot read the registry but may still predict: offer the raw form
    if (e.status === 403) main.append(predictForm(path, null));
    return null;
  }
  main.lastChild.remove();
  main.append(
    h('p', {}, 'Aliases: ', Object.entries(model.aliases || {}).map(([a, v]) => `${a} → v${v}`).join(', ') || 'none'),
    h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Versions'),
      versionTable(model, version.version)),
    h('div', { class: 'two-col' },
      h('section', { 'aria-labelledby': 'prov-title' }, h('h2', { id: 'prov-title' }, `Version ${version.version}`),
        provenance(version)),
      predictForm(`${path}/versions/${version.version}`, version)));
  return null;
}

const METRIC_NAMES = {
  trainLoss: 'Train loss', trainAccuracy: 'Train accuracy', validationLoss: 'Validation loss',
  validationAccuracy: 'Validation accuracy', validationRmse: 'Validation RMSE', gap: 'Gap (validation − train)',
  learningRate: 'Learning rate',
};

function metricText(key, value) {
  if (typeof value !== 'number') return String(value);
  return /accuracy/i.test(key) ? percent(value) : number(value);
}

function versionTable(model, current) {
  return h('div', { class: 'table-wrap' }, h('table', { id: 'versions-table' },
    h('thead', {}, h('tr', {}, ['Version', 'Aliases', 'Validation', 'Source job', 'Dataset', 'Size', 'Created']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, model.versions.map((v) => {
      const m = v.metrics || {};
      const shown = ['validationAccuracy', 'validationRmse', 'validationLoss'].filter((k) => m[k] != null)
        .map((k) => `${k.replace('validation', '').toLowerCase()} ${metricText(k, m[k])}`).join(', ');
      return h('tr', { 'aria-current': v.version === current ? 'true' : null },
        h('td', {}, h('a', { href: `/ui/models/${encodeURIComponent(model.name)}?version=${v.version}` },
          `v${v.version}`)),
        h('td', {}, (v.aliases || []).join(', ') || '–'),
        h('td', {}, shown || '–'),
        h('td', {}, v.sourceJobId ? h('a', { href: `/ui/jobs/${encodeURIComponent(v.sourceJobId)}` }, v.sourceJobId)
          : '–'),
        h('td', {}, v.datasetId ? h('a', { href: `/ui/datasets/${encodeURIComponent(v.datasetId)}` }, v.datasetId)
          : '–'),
        h('td', { class: 'num' }, bytes(v.sizeBytes)),
        h('td', {}, when(v.createdAt)));
    }))));
}

function provenance(v) {
  return h('div', {}, definitionList([
    ['Task', v.task],
    ['Trained by job', v.sourceJobId ? h('a', { href: `/ui/jobs/${encodeURIComponent(v.sourceJobId)}` },
      v.sourceJobId) : null],
    ['Dataset', v.datasetId ? h('a', { href: `/ui/datasets/${encodeURIComponent(v.datasetId)}` }, v.datasetId) : null],
    ['Best epoch', v.bestEpoch],
    ['Feature scaling', v.normalization?.method],
    ...Object.entries(v.metrics || {}).filter(([k, x]) => x != null && METRIC_NAMES[k])
      .map(([k, x]) => [METRIC_NAMES[k], metricText(k, x)]),
    ['Created', when(v.createdAt)],
  ]), jsonDetails('Spec', v.spec), jsonDetails('Schema and normalization',
    { schema: v.schema, normalization: v.normalization }));
}

function predictForm(path, version) {
  const features = version?.schema?.features || [];
  const inputs = features.map((f, i) => {
    const id = `feature-${i}`;
    const control = f.kind === 'categorical'
      ? h('select', { id, name: f.name }, (f.categories || []).map((c) => h('option', { value: c }, c)))
      : h('input', { id, name: f.name, type: 'number', step: 'any', required: true,
        value: f.mean != null ? Number(f.mean.toPrecision(3)) : '' });
    return h('div', { class: 'field' }, h('label', { for: id }, f.name), control);
  });
  const raw = features.length ? null : h('div', { class: 'field' },
    h('label', { for: 'raw-instance' }, 'Instance (JSON object by feature name, or an array in feature order)'),
    h('textarea', { id: 'raw-instance', rows: '3' }, '{}'));
  const mc = h('input', { type: 'checkbox', id: 'mc-on' });
  const samples = h('input', { type: 'number', id: 'mc-samples', min: '2', max: '1000', value: '50' });
  const button = h('button', { type: 'submit' }, 'Predict');
  const result = h('div', { id: 'predict-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'predict-form', 'aria-labelledby': 'predict-title' },
    h('h2', { id: 'predict-title' }, 'Predict'),
    h('p', { class: 'muted' }, 'One instance by feature name; dropout is off unless Monte-Carlo dropout is asked for.'),
    h('div', { class: 'fields' }, inputs), raw,
    h('div', { class: 'check' }, mc, h('label', { for: 'mc-on' }, 'Monte-Carlo dropout: show the spread')),
    h('div', { class: 'field narrow' }, h('label', { for: 'mc-samples' }, 'Samples'), samples),
    h('div', { class: 'actions' }, button), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let instance;
    try {
      instance = raw ? JSON.parse(raw.querySelector('textarea').value) : Object.fromEntries(features.map((f, i) => {
        const v = form.querySelector(`#feature-${i}`).value;
        return [f.name, f.kind === 'categorical' ? v : Number(v)];
      }));
    } catch (e) {
      result.replaceChildren(problemBox({ problem: { title: 'The instance is not valid JSON', detail: e.message } }));
      return;
    }
    const body = { instances: [instance] };
    if (mc.checked) body.mcDropout = { samples: Number(samples.value) };
    button.disabled = true;
    try {
      const answer = await post(`${path}/predict`, body);
      result.replaceChildren(predictionView(answer));
    } catch (e) {
      result.replaceChildren(problemBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function predictionView(answer) {
  const p = answer.predictions[0];
  const u = p.uncertainty;
  const by = `${answer.model.name} v${answer.model.version}`;
  if (p.label == null) {
    return h('div', { class: 'prediction' }, h('p', {}, 'Predicted value ',
      h('strong', { id: 'predicted-value' }, number(p.value)),
      u ? ` (Monte-Carlo mean ${number(u.mean)} ± ${number(u.std)} over ${u.samples} samples)` : '', ` by ${by}.`));
  }
  const classes = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]);
  return h('div', { class: 'prediction' },
    h('p', {}, 'Predicted class ', h('strong', { id: 'predicted-label' }, p.label), ` by ${by}.`),
    h('table', { id: 'probabilities' },
      h('thead', {}, h('tr', {}, ['Class', 'Probability', ...(u ? ['MC mean ± std'] : [])]
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, classes.map(([c, prob]) => h('tr', {}, h('td', {}, c),
        h('td', { class: 'bar-cell' }, h('span', { class: 'bar', style: `width:${(prob * 120).toFixed(0)}px` }),
          h('span', { class: 'num' }, percent(prob))),
        u ? h('td', { class: 'num' }, `${percent(u.mean[c])} ± ${percent(u.std[c])}`) : null)))),
    u ? h('p', { class: 'muted' }, `Predictive entropy ${number(u.entropy, 3)} nats over ${u.samples} passes.`) : null);
}
