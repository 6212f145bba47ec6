// Pieces shared by the sweeps list and a sweep's page: scores in the objective's own units, a trial's parameters,
// its colour and state, and the chart of every trial's validation objective per epoch.
import { get } from '../api.js';
import { h, number, percent, PALETTE } from '../format.js';
import { curveChart } from '../chart.js';

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const FOLD_ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** The objective's label, its direction, and how one of its values reads. */
export function objectiveOf(name) {
  if (name === 'validationAccuracy') {
    return { key: name, label: 'validation accuracy', better: 'higher is better', percent: true,
      format: (v, d) => percent(v, d === 2 ? 0 : 1) };
  }
  if (name === 'validationRmse') {
    return { key: name, label: 'validation RMSE', better: 'lower is better', format: (v, d) => number(v, d || 4) };
  }
  return { key: 'validationLoss', label: 'validation loss', better: 'lower is better',
    format: (v, d) => number(v, d || 4) };
}

/** "93.3 % ± 2.1" (percentage points) for accuracy, "0.1234 ± 0.0100" otherwise; "–" without a score. */
export function meanStd(objective, mean, std) {
  if (mean == null) return '–';
  const spread = std == null ? '' : ` ± ${objective.percent ? (std * 100).toFixed(1) : number(std)}`;
  return `${objective.format(mean)}${spread}`;
}

/** A trial keeps one colour in the leaderboard and on the chart. */
export function trialColour(trial) {
  return PALETTE[trial % PALETTE.length];
}

/** A trial's values, one line per search path ("model.hiddenLayers[*].dropout = 0.5"). */
export function paramsList(params) {
  const entries = Object.entries(params || {});
  if (!entries.length) return h('span', { class: 'muted' }, '–');
  return h('ul', { class: 'params' }, entries.map(([path, value]) => h('li', {},
    h('code', { class: 'path' }, path), ' = ', h('strong', {}, JSON.stringify(value)))));
}

/** A trial's state: PRUNED and FAILED stand out from the rest. */
export function stateBadge(state) {
  return h('span', { class: `status state-${String(state).toLowerCase()}` }, state);
}

/**
 * The chart of the trials' validation objective per epoch: one line per trial (the mean over its folds that reached
 * that epoch), in the trial's colour; pruned and failed trials dashed, and they stop where they were stopped.
 * refresh(sweep) fetches the metrics of the fold jobs that still train (and once more when each ends) and redraws;
 * the chart is built anew only when a trial's line style changes (a trial pruned while the page is open).
 */
export function trialCurves(container) {
  const epochs = new Map(); // fold job id -> its epoch rows
  const final = new Set(); // fold jobs fetched after they ended
  let chart = null;
  let shape = '';
  let busy = false;

  function build(sweep, objective) {
    const trials = sweep.trials || [];
    const next = trials.map((t) => `${t.trial}:${t.state === 'PRUNED' || t.state === 'FAILED'}`).join(',');
    if (chart && next === shape) return;
    shape = next;
    container.replaceChildren();
    chart = curveChart(container, {
      title: `Trials: ${objective.label} per epoch (${objective.better})`, yLabel: objective.label,
      percent: objective.percent, format: objective.format,
      series: trials.map((t) => ({ label: `trial ${t.trial}`, colour: trialColour(t.trial),
        dash: t.state === 'PRUNED' || t.state === 'FAILED', key: `t${t.trial}` })),
    });
    const figure = chart.chart.root.parentElement;
    figure.id = 'trial-curves';
    figure.append(h('p', { class: 'chart-note' }, `One line per trial, in its colour in the leaderboard: the `
      + `${objective.label} per epoch, the mean over its folds that reached the epoch. Dashed: pruned or failed `
      + '(stopped early).'));
  }

  function draw(sweep) {
    const objective = objectiveOf(sweep.objective);
    build(sweep, objective);
    const byEpoch = new Map();
    let drawn = 0;
    const last = []; // each drawn trial's last epoch, "trial:epoch", for the tests: a pruned trial stops early
    for (const t of sweep.trials || []) {
      const sums = new Map();
      for (const f of t.folds || []) {
        for (const r of epochs.get(f.jobId) || []) {
          const v = r[objective.key];
          if (v == null) continue;
          const s = sums.get(r.epoch) || [0, 0];
          sums.set(r.epoch, [s[0] + v, s[1] + 1]);
        }
      }
      if (sums.size) drawn++;
      if (sums.size) last.push(`${t.trial}:${Math.max(...sums.keys())}`);
      for (const [epoch, [sum, n]] of sums) {
        if (!byEpoch.has(epoch)) byEpoch.set(epoch, { epoch });
        byEpoch.get(epoch)[`t${t.trial}`] = sum / n;
      }
    }
    chart.update([...byEpoch.values()].sort((a, b) => a.epoch - b.epoch));
    chart.chart.root.parentElement.dataset.trials = String(drawn);
    chart.chart.root.parentElement.dataset.lastEpochs = last.join(',');
  }

  return {
    async refresh(sweep) {
      if (busy) return;
      busy = true;
      try {
        const wanted = (sweep.trials || []).flatMap((t) => t.folds || [])
          .filter((f) => f.jobId && !final.has(f.jobId) && f.status !== 'QUEUED');
        const loaded = await Promise.all(wanted.map((f) => get(`/jobs/${encodeURIComponent(f.jobId)}/metrics`)
          .then((m) => [f, m.epochs])));
        for (const [f, rows] of loaded) {
          epochs.set(f.jobId, rows);
          if (FOLD_ENDED.has(f.status)) final.add(f.jobId);
        }
        draw(sweep);
      } finally {
        busy = false;
      }
    },
  };
}
