// Sweeps: the list (status, progress, the best trial so far and its score, the refit model), polled like the jobs
// list, and a form to submit a sweep.
import { get } from '../api.js';
import { h, statusBadge, when } from '../format.js';
import { heading, jsonSubmitForm, poll } from '../ui.js';
import { meanStd, objectiveOf, paramsList } from './sweep-parts.js';

const POLL_MILLIS = 1500;

/** A small documented example: 3 hidden-dropout rates × 2 input-dropout rates, 3-fold, median pruning, refit. */
const TEMPLATE = {
  name: 'iris-rate',
  base: {
    datasetId: 'iris',
    model: { inputDropout: 0, hiddenLayers: [{ units: 32, activation: 'relu', dropout: 0.5 }] },
    training: { epochs: 30, batchSize: 16, optimizer: { type: 'adam', learningRate: 0.01 }, seed: 42 },
  },
  search: { grid: { 'model.hiddenLayers[*].dropout': [0, 0.25, 0.5], 'model.inputDropout': [0, 0.2] } },
  validation: { folds: 3, seed: 1 },
  objective: 'validationAccuracy',
  pruning: { type: 'median', afterEpochs: 5 },
  maxConcurrentTrials: 2,
  refit: true,
};

export async function render(main) {
  const listProblem = h('div');
  const summary = h('p', { class: 'muted', id: 'sweeps-summary' });
  const tbody = h('tbody');
  const table = h('table', { id: 'sweeps-table' },
    h('caption', { class: 'visually-hidden' }, 'Sweeps'),
    h('thead', {}, h('tr', {}, ['Sweep', 'Dataset', 'Status', 'Progress', 'Best trial', 'Score (mean ± std)', 'Model',
      'Created'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  main.append(
    heading('Sweeps'),
    h('p', { class: 'muted' }, 'Each sweep cross-validates a grid or a random sample of settings (dropout rates, L2, '
      + 'learning rate…); every trial × fold is an ordinary job. The best trial is retrained on every row and '
      + 'registered with alias best.'),
    listProblem, h('div', { class: 'table-wrap' }, table), summary,
    submitForm(() => list.refresh()));

  function row(s) {
    const objective = objectiveOf(s.objective);
    const p = s.progress || { trialsDone: 0, trials: 0, fraction: 0 };
    const bar = h('progress', { max: '1', value: String(p.fraction || 0), 'data-fraction': String(p.fraction || 0),
      'aria-label': `Progress of ${s.name || s.id}` });
    return h('tr', { 'data-id': s.id },
      h('td', {}, h('a', { href: `/ui/sweeps/${encodeURIComponent(s.id)}` }, s.name || s.id), h('br'),
        h('small', { class: 'muted' }, s.id)),
      h('td', {}, h('a', { href: `/ui/datasets/${encodeURIComponent(s.datasetId)}` }, s.datasetId)),
      h('td', {}, statusBadge(s.status)),
      h('td', { class: 'progress-cell' }, bar, h('span', { class: 'progress-text' }, `${p.trialsDone} / ${p.trials} trials`)),
      h('td', {}, s.best ? [`trial ${s.best.trial}`, paramsList(s.best.params)] : '–'),
      h('td', { class: 'num' }, s.best ? meanStd(objective, s.best.mean, s.best.std) : '–',
        h('br'), h('small', { class: 'muted' }, objective.label)),
      h('td', {}, s.model ? h('a', { href: `/ui/models/${encodeURIComponent(s.model.name)}?version=${s.model.version}` },
        `${s.model.name} v${s.model.version}`) : '–'),
      h('td', {}, when(s.createdAt)));
  }

  let shown = null;
  const list = poll(async () => {
    const page = await get('/sweeps?size=50');
    const drawn = JSON.stringify(page.items);
    if (drawn !== shown) tbody.replaceChildren(...page.items.map(row));
    shown = drawn;
    summary.textContent = page.totalItems === 0 ? 'No sweeps yet: submit one below.'
      : `Showing ${page.items.length} of ${page.totalItems} sweeps, newest first.`;
  }, listProblem, POLL_MILLIS);
  return list.stop;
}

function submitForm(onSubmitted) {
  return jsonSubmitForm({
    ids: { form: 'sweep-form', text: 'sweep-spec', result: 'sweep-submit-result' },
    title: 'Submit a sweep',
    button: 'Submit sweep',
    intro: 'base is any job spec; each key of search.grid is a path into it (dots, [i], and [*] '
      + 'for every element), every combination one trial. search.random draws trials instead: {"trials": 20, '
      + '"seed": 7, "space": {"path": {"uniform": [a, b]}}}. validation: {"folds": k} or {"holdout": 0.2}. '
      + 'objective: validationLoss (default), validationAccuracy or validationRmse. See docs/api.md.',
    label: 'Sweep (JSON)',
    what: 'sweep',
    template: TEMPLATE,
    rows: 18,
    path: '/sweeps',
    done: (sweep) => {
      onSubmitted();
      return ['Queued ', h('a', { href: `/ui/sweeps/${encodeURIComponent(sweep.id)}` }, sweep.name || sweep.id),
        ` (${sweep.progress?.trials ?? sweep.trials?.length ?? '?'} trials).`];
    },
  });
}
