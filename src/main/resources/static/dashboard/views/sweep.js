// One sweep: status, progress and ETA, the leaderboard (every trial, best first), the best trial and its refit model,
// and every trial's validation curve. Live while the sweep runs: GET /sweeps/{id} is polled, as the jobs list is.
import { get, post } from '../api.js';
import { duration, h, number, percent, statusBadge, when } from '../format.js';
import { definitionList, heading, jsonDetails, loading, problemBox, showProblem } from '../ui.js';
import { meanStd, objectiveOf, paramsList, stateBadge, TERMINAL, trialColour, trialCurves } from './sweep-parts.js';

const POLL_MILLIS = 1500;

export async function render(main, [id]) {
  main.append(heading(`Sweep ${id}`), loading('the sweep'));
  let sweep;
  try {
    sweep = await get(`/sweeps/${encodeURIComponent(id)}`);
  } catch (e) {
    main.lastChild.replaceWith(problemBox(e));
    return null;
  }
  const problem = h('div');
  const statusSlot = h('span', { id: 'sweep-status' });
  const bar = h('progress', { max: '1', value: '0', 'aria-label': 'Progress' });
  const progressText = h('span', { id: 'sweep-progress' });
  const eta = h('span', { id: 'sweep-eta' });
  const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel sweep');
  const facts = h('aside', { id: 'sweep-facts' });
  const tbody = h('tbody');
  // a holdout gives each trial one score: nothing to average, no spread
  const holdout = sweep.request?.validation?.holdout != null;
  const scoreHeading = holdout ? 'Score' : 'Score (mean ± std)';
  const board = h('section', { 'aria-labelledby': 'board-title' },
    h('h2', { id: 'board-title' }, 'Leaderboard'),
    h('p', { class: 'muted', id: 'board-note' }),
    h('div', { class: 'table-wrap' }, h('table', { id: 'leaderboard' },
      h('caption', { class: 'visually-hidden' }, 'Trials, best first'),
      h('thead', {}, h('tr', {}, ['Rank', 'Trial', 'Parameters', scoreHeading, 'Folds', 'Gap', 'State']
        .map((t) => h('th', { scope: 'col' }, t)))),
      tbody)));
  const charts = h('div', { class: 'charts', id: 'sweep-charts' });
  const request = h('section');
  main.replaceChildren(
    heading(sweep.name || sweep.id, statusSlot),
    problem,
    h('div', { class: 'progress-line' }, bar, progressText, eta, cancel),
    board,
    h('div', { class: 'job-layout sweep-layout' }, charts, facts),
    request);
  const curves = trialCurves(charts);
  let shown = null;

  function show() {
    const objective = objectiveOf(sweep.objective);
    statusSlot.replaceChildren(statusBadge(sweep.status));
    const p = sweep.progress || { trialsDone: 0, trials: 0, fraction: 0 };
    bar.value = p.fraction || 0;
    bar.dataset.fraction = String(p.fraction || 0);
    progressText.textContent = `${p.trialsDone} / ${p.trials} trials (${percent(p.fraction || 0, 0)})`;
    eta.textContent = sweep.status === 'RUNNING' && p.etaSeconds != null ? `about ${duration(p.etaSeconds)} left` : '';
    cancel.hidden = TERMINAL.has(sweep.status);
    board.querySelector('#board-note').textContent = `Ranked by the ${objective.label} (${objective.better}), `
      + (holdout ? 'each trial\'s score on the held-out rows at its best epoch. '
        : 'the mean over the folds of each fold\'s score at its best epoch. ')
      + 'Trials without a score yet, pruned or failed come after the ranked ones.';
    // drawn anew only when something changed: a link the user is on keeps its focus between polls
    const drawn = JSON.stringify([sweep.trials, sweep.leaderboard, sweep.best, sweep.model, sweep.refitJobId,
      sweep.error, sweep.finishedAt]);
    if (drawn === shown) return;
    shown = drawn;
    tbody.replaceChildren(...ordered(sweep).map(([t, rank]) => trialRow(sweep, t, rank, objective)));
    facts.replaceChildren(h('h2', {}, 'Summary'), summary(sweep, objective));
  }

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      sweep = await post(`/sweeps/${encodeURIComponent(id)}/cancel`);
      showProblem(problem, null);
      show();
    } catch (e) {
      showProblem(problem, e);
    } finally {
      cancel.disabled = false;
    }
  });

  let timer = null;
  let stopped = false;
  async function refresh() {
    try {
      await curves.refresh(sweep);
    } catch (e) {
      showProblem(problem, e);
    }
    if (stopped || TERMINAL.has(sweep.status)) return;
    timer = setTimeout(async () => {
      try {
        sweep = await get(`/sweeps/${encodeURIComponent(id)}`);
        showProblem(problem, null);
        show();
      } catch (e) {
        showProblem(problem, e);
        if (e.status === 401 || e.status === 403) return;
      }
      if (!stopped) refresh();
    }, POLL_MILLIS);
  }
  show();
  request.replaceChildren(h('h2', {}, 'Request'),
    jsonDetails('The sweep as submitted, every default filled in', sweep.request));
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The ranked trials in leaderboard order, then every other trial by index. */
function ordered(sweep) {
  const trials = sweep.trials || [];
  const ranked = (sweep.leaderboard || []).map((i, rank) => [trials[i], rank + 1]).filter(([t]) => t);
  const seen = new Set(ranked.map(([t]) => t.trial));
  return ranked.concat(trials.filter((t) => !seen.has(t.trial)).map((t) => [t, null]));
}

function trialRow(sweep, t, rank, objective) {
  const best = sweep.best && sweep.best.trial === t.trial;
  const state = String(t.state).toLowerCase();
  return h('tr', { 'data-trial': t.trial, class: `trial-${state}${best ? ' best' : ''}` },
    h('td', { class: 'num', 'data-label': 'Rank' }, rank ?? '–',
      best ? h('span', { class: 'best-mark', title: 'best trial' }, ' ★ best') : null),
    h('td', { class: 'num', 'data-label': 'Trial' },
      h('span', {}, h('span', { class: 'swatch', style: `background:${trialColour(t.trial)}` }), t.trial)),
    h('td', { 'data-label': 'Parameters' }, paramsList(t.params)),
    h('td', { class: 'num score', 'data-label': 'Score' }, meanStd(objective, t.mean, t.std)),
    h('td', { class: 'folds', 'data-label': 'Folds' }, h('span', {}, (t.folds || []).map((f) => h('a', {
      href: `/ui/jobs/${encodeURIComponent(f.jobId)}`, class: `fold fold-${String(f.status).toLowerCase()}`,
      title: `fold ${f.fold}: job ${f.jobId}, ${f.status}${f.bestEpoch ? `, best epoch ${f.bestEpoch}` : ''}`,
    }, `fold ${f.fold}: `, f.score != null ? objective.format(f.score) : String(f.status).toLowerCase())))),
    h('td', { class: 'num', 'data-label': 'Gap' }, number(t.gap)),
    h('td', { 'data-label': 'State' }, stateBadge(t.state)));
}

function summary(sweep, objective) {
  const v = sweep.request?.validation || {};
  const validation = v.holdout ? `holdout ${percent(v.holdout, 0)}, seed ${v.seed}` : `${v.folds}-fold, seed ${v.seed}`;
  const model = sweep.model
    ? h('a', { id: 'sweep-model', href: `/ui/models/${encodeURIComponent(sweep.model.name)}?version=${sweep.model.version}` },
      `${sweep.model.name} v${sweep.model.version}`)
    : null;
  const best = sweep.best
    ? h('span', { id: 'sweep-best' }, `trial ${sweep.best.trial}: ${meanStd(objective, sweep.best.mean, sweep.best.std)}`,
      paramsList(sweep.best.params))
    : null;
  const pruning = sweep.request?.pruning;
  return definitionList([
    ['Dataset', h('a', { href: `/ui/datasets/${encodeURIComponent(sweep.datasetId)}` }, sweep.datasetId)],
    ['Objective', `${objective.label} (${objective.better})`],
    ['Validation', validation],
    ['Pruning', pruning?.type === 'median' ? `median, after ${pruning.afterEpochs} epochs` : 'none'],
    ['Best trial', best],
    ['Refit model', model || (sweep.refitJobId ? 'training' : null)],
    ['Refit job', sweep.refitJobId ? h('a', { href: `/ui/jobs/${encodeURIComponent(sweep.refitJobId)}` },
      sweep.refitJobId) : null],
    ['Error', sweep.error],
    ['Created', when(sweep.createdAt)],
    ['Finished', sweep.finishedAt ? when(sweep.finishedAt) : null],
    ['Sweep id', h('code', {}, sweep.id)],
  ]);
}
