// Jobs: the list with live progress (polled), a status filter, cancel, compare, and a form to submit a job.
import { get, post } from '../api.js';
import { duration, h, jobColour, statusBadge, when } from '../format.js';
import { heading, jsonSubmitForm, poll, showProblem } from '../ui.js';
import { navigate } from '../app.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const POLL_MILLIS = 1500;

/** The documented defaults, written out so that they can be edited. */
const TEMPLATE = {
  name: 'iris-dropout',
  datasetId: 'iris',
  model: {
    inputDropout: 0.2,
    hiddenLayers: [
      { units: 64, activation: 'relu', dropout: 0.5 },
      { units: 64, activation: 'relu', dropout: 0.5 },
    ],
  },
  training: {
    epochs: 50, batchSize: 32,
    optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
    l2: 0.0001, maxNorm: 3.0, validationFraction: 0.2,
    earlyStopping: { patience: 10 }, seed: 42,
  },
};

export async function render(main, params, query) {
  const status = query.get('status') || '';
  const filter = h('select', { id: 'status-filter', name: 'status' },
    h('option', { value: '' }, 'All'), STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  filter.addEventListener('change', () => navigate(filter.value ? `/ui/jobs?status=${filter.value}` : '/ui/jobs'));
  const listProblem = h('div');
  const summary = h('p', { class: 'muted', id: 'jobs-summary' });
  const tbody = h('tbody');
  const compareButton = h('button', { type: 'button', disabled: true }, 'Compare selected');
  const table = h('table', { class: 'jobs', id: 'jobs-table' },
    h('caption', { class: 'visually-hidden' }, 'Training jobs'),
    h('thead', {}, h('tr', {}, ['Compare', 'Job', 'Dataset', 'Status', 'Progress', 'ETA', 'Created', '']
      .map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  const selected = new Set();
  compareButton.addEventListener('click', () => navigate(`/ui/compare?jobs=${[...selected].join(',')}`));

  main.append(
    heading('Jobs'),
    h('div', { class: 'toolbar' }, h('label', { for: 'status-filter' }, 'Status'), filter, compareButton),
    listProblem, h('div', { class: 'table-wrap' }, table), summary,
    submitForm(() => list.refresh()));

  const rows = new Map();
  function row(job) {
    let r = rows.get(job.id);
    if (!r) {
      const box = h('input', { type: 'checkbox', 'aria-label': `Compare ${job.name || job.id}` });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(job.id); else selected.delete(job.id);
        compareButton.disabled = selected.size < 2;
      });
      const bar = h('progress', { max: '1', value: '0', 'aria-label': `Progress of ${job.name || job.id}` });
      const cancel = h('button', { type: 'button', class: 'small' }, 'Cancel');
      cancel.addEventListener('click', async () => {
        cancel.disabled = true;
        try {
          await post(`/jobs/${encodeURIComponent(job.id)}/cancel`);
          showProblem(listProblem, null);
          list.refresh();
        } catch (e) {
          showProblem(listProblem, e);
          cancel.disabled = false;
        }
      });
      r = {
        tr: h('tr', { 'data-id': job.id }),
        cells: {
          status: h('td'), text: h('span', { class: 'progress-text' }), eta: h('td', { class: 'num' }),
        },
        bar, cancel,
      };
      const swatch = h('span', { class: 'swatch', style: `background:${jobColour(job.id)}` });
      r.tr.append(h('td', {}, box),
        h('td', {}, swatch, h('a', { href: `/ui/jobs/${encodeURIComponent(job.id)}` }, job.name || job.id),
          h('br'), h('small', { class: 'muted' }, job.id)),
        h('td', {}, h('a', { href: `/ui/datasets/${encodeURIComponent(job.datasetId)}` }, job.datasetId)),
        r.cells.status, h('td', { class: 'progress-cell' }, bar, r.cells.text), r.cells.eta,
        h('td', {}, when(job.createdAt)), h('td', {}, cancel));
      rows.set(job.id, r);
    }
    const p = job.progress || { epoch: 0, epochs: 0, fraction: 0 };
    if (r.cells.status.dataset.status !== job.status) {
      r.cells.status.replaceChildren(statusBadge(job.status));
      r.cells.status.dataset.status = job.status;
    }
    r.bar.value = p.fraction || 0;
    r.bar.dataset.fraction = String(p.fraction || 0);
    r.cells.text.textContent = `${p.epoch} / ${p.epochs} epochs`;
    r.cells.eta.textContent = job.status === 'RUNNING' ? duration(p.etaSeconds) : '';
    r.cancel.hidden = !(job.status === 'QUEUED' || job.status === 'RUNNING');
    return r.tr;
  }

  const list = poll(async () => {
    const page = await get(`/jobs?size=50${status ? `&status=${status}` : ''}`);
    const wanted = page.items.map(row);
    const current = [...tbody.children];
    if (wanted.length !== current.length || wanted.some((tr, i) => tr !== current[i])) {
      tbody.replaceChildren(...wanted);
    }
    summary.textContent = page.totalItems === 0 ? 'No jobs yet: submit one below.'
      : `Showing ${page.items.length} of ${page.totalItems} jobs, newest first.`;
  }, listProblem, POLL_MILLIS);
  return list.stop;
}

function submitForm(onSubmitted) {
  return jsonSubmitForm({
    ids: { form: 'submit-form', text: 'job-spec', result: 'submit-result' },
    title: 'Submit a job',
    button: 'Submit job',
    intro: ['The job spec as JSON, with the documented defaults written out. ', 'Only datasetId is required.'],
    label: 'Job spec (JSON)',
    what: 'spec',
    template: TEMPLATE,
    rows: 16,
    path: '/jobs',
    done: (job) => {
      onSubmitted();
      return ['Queued ', h('a', { href: `/ui/jobs/${encodeURIComponent(job.id)}` }, job.name || job.id), '.'];
    },
  });
}
