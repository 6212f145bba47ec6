// One job: its learning curves, live over the job's event stream while it trains, its spec, checkpoints and model.
import { get, post, stream } from '../api.js';
import { bytes, duration, h, jobColour, number, percent, statusBadge, when } from '../format.js';
import { curveChart } from '../chart.js';
import { definitionList, heading, jsonDetails, loading, problemBox, showProblem } from '../ui.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export async function render(main, [id]) {
  main.append(loading('the job'));
  let job;
  let rows;
  try {
    [job, rows] = await Promise.all([get(`/jobs/${encodeURIComponent(id)}`),
      get(`/jobs/${encodeURIComponent(id)}/metrics`).then((m) => m.epochs)]);
  } catch (e) {
    main.replaceChildren(heading(`Job ${id}`), problemBox(e));
    return null;
  }
  const colour = jobColour(job.id);
  const problem = h('div');
  const statusSlot = h('span', { id: 'job-status' });
  const bar = h('progress', { max: '1', value: '0', 'aria-label': 'Progress' });
  const progressText = h('span', { id: 'job-progress' });
  const eta = h('span');
  const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel job');
  const facts = h('div');
  const charts = h('div', { class: 'charts', id: 'job-charts' });
  const checkpoints = h('section', { 'aria-labelledby': 'cp-title' });
  const spec = h('section', { 'aria-labelledby': 'spec-title' });
  main.replaceChildren(
    heading(job.name || job.id, h('span', { class: 'swatch big', style: `background:${colour}` }), statusSlot),
    problem,
    h('div', { class: 'progress-line' }, bar, progressText, eta, cancel),
    h('div', { class: 'job-layout' }, charts, h('aside', {}, facts)),
    spec, checkpoints);

  let loss = null;
  let second = null;
  const best = () => bestEpoch(job, rows);
  function draw() {
    if (!rows.length) {
      if (!charts.firstChild) charts.append(h('p', { class: 'muted' }, 'No epoch finished yet.'));
      return;
    }
    if (!loss) {
      charts.replaceChildren();
      const classification = rows.some((r) => r.trainAccuracy != null || r.validationAccuracy != null);
      const lossUnit = classification ? 'cross-entropy, nats' : 'mean squared error';
      loss = curveChart(charts, {
        title: 'Loss per epoch', yLabel: `loss (${lossUnit})`, format: (v, d) => number(v, d || 4), best,
        series: [{ label: 'train loss (dashed)', colour, dash: true, key: 'trainLoss' },
          { label: 'validation loss (solid)', colour, key: 'validationLoss' }],
        band: [2, 1, colour],
      });
      second = classification
        ? curveChart(charts, {
          title: 'Accuracy per epoch', yLabel: 'accuracy (%)', percent: true, best,
          format: (v, d) => percent(v, d === 2 ? 0 : 1),
          series: [{ label: 'train accuracy (dashed)', colour, dash: true, key: 'trainAccuracy' },
            { label: 'validation accuracy (solid)', colour, key: 'validationAccuracy' }],
          band: [1, 2, colour],
        })
        : curveChart(charts, {
          title: 'Validation RMSE per epoch', yLabel: 'RMSE (target units)', format: (v, d) => number(v, d || 4), best,
          series: [{ label: 'validation RMSE', colour, key: 'validationRmse' }],
        });
    }
    loss.update(rows);
    second.update(rows);
  }

  function showJob() {
    statusSlot.replaceChildren(statusBadge(job.status));
    const p = job.progress;
    const epochs = p.epochs;
    const done = rows.length ? rows[rows.length - 1].epoch : p.epoch;
    const fraction = job.status === 'SUCCEEDED' ? 1 : Math.max(p.fraction, epochs ? done / epochs : 0);
    bar.value = fraction;
    bar.dataset.fraction = String(fraction);
    progressText.textContent = `${done} / ${epochs} epochs (${percent(fraction, 0)})`;
    eta.textContent = job.status === 'RUNNING' ? `about ${duration(etaSeconds(rows, epochs))} left` : '';
    cancel.hidden = TERMINAL.has(job.status);
    facts.replaceChildren(h('h2', {}, 'Summary'), summary(job, rows, best()));
  }

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      job = await post(`/jobs/${encodeURIComponent(id)}/cancel`);
      showJob();
    } catch (e) {
      showProblem(problem, e);
    } finally {
      cancel.disabled = false;
    }
  });

  async function loadDetails() {
    spec.replaceChildren(h('h2', { id: 'spec-title' }, 'Spec'), dropoutLine(job.spec),
      jsonDetails('The job spec with every default filled in', job.spec));
    try {
      const cps = (await get(`/jobs/${encodeURIComponent(id)}/checkpoints`)).checkpoints;
      checkpoints.replaceChildren(h('h2', { id: 'cp-title' }, 'Checkpoints'), checkpointTable(cps));
    } catch (e) {
      checkpoints.replaceChildren(h('h2', { id: 'cp-title' }, 'Checkpoints'), problemBox(e));
    }
  }

  showJob();
  draw();
  loadDetails();
  if (TERMINAL.has(job.status)) return null;

  // live: epochs append to the charts' data (no re-render of the page), status events update the header
  let live = null;
  let stopped = false;
  async function follow() {
    live = stream(`/jobs/${encodeURIComponent(id)}/events`, (name, data) => {
      if (name === 'epoch') {
        if (rows.length && data.epoch <= rows[rows.length - 1].epoch) return;
        rows.push(data);
        draw();
        showJob();
      } else if (name === 'status') {
        job = { ...job, status: data.status, attempts: data.attempts, error: data.error, model: data.model,
          progress: { ...job.progress, epoch: data.epoch, epochs: data.epochs } };
        showJob();
      }
    });
    try {
      await live.done;
    } catch (e) {
      showProblem(problem, e);
      return;
    }
    if (stopped) return;
    try {
      job = await get(`/jobs/${encodeURIComponent(id)}`);
    } catch (e) {
      showProblem(problem, e);
      return;
    }
    showJob();
    draw();
    if (TERMINAL.has(job.status)) loadDetails();
    else setTimeout(follow, 1000);
  }
  follow();
  return () => {
    stopped = true;
    if (live) live.abort();
  };
}

/** The server's best epoch when it is final; while training, the best so far by the early-stopping metric. */
function bestEpoch(job, rows) {
  if (TERMINAL.has(job.status) && job.bestEpoch) return job.bestEpoch;
  const metric = job.spec?.training?.earlyStopping?.metric || 'validationLoss';
  const sign = metric === 'validationAccuracy' ? -1 : 1;
  let best = job.bestEpoch || null;
  let value = Infinity;
  for (const r of rows) {
    const v = r[metric];
    if (v != null && sign * v < value) {
      value = sign * v;
      best = r.epoch;
    }
  }
  return best;
}

function millis(ms) {
  if (ms < 1) return '< 1 ms';
  return ms < 1000 ? `${ms} ms` : duration(ms / 1000);
}

function etaSeconds(rows, epochs) {
  if (!rows.length) return null;
  const mean = rows.reduce((s, r) => s + (r.epochMillis || 0), 0) / rows.length;
  return ((epochs - rows[rows.length - 1].epoch) * mean) / 1000;
}

function summary(job, rows, best) {
  const at = rows.find((r) => r.epoch === best);
  const last = rows[rows.length - 1];
  const model = job.model
    ? h('a', { href: `/ui/models/${encodeURIComponent(job.model.name)}?version=${job.model.version}` },
      `${job.model.name} v${job.model.version}`)
    : null;
  return definitionList([
    ['Dataset', h('a', { href: `/ui/datasets/${encodeURIComponent(job.datasetId)}` }, job.datasetId)],
    ['Best epoch', best],
    ['Validation accuracy', at?.validationAccuracy != null ? percent(at.validationAccuracy) : null],
    ['Validation loss', at?.validationLoss != null ? number(at.validationLoss) : null],
    ['Validation RMSE', at?.validationRmse != null ? number(at.validationRmse) : null],
    ['Gap at best', at?.gap != null ? number(at.gap) : null],
    ['Epoch time', last ? millis(last.epochMillis) : null],
    ['Model', model],
    ['Sweep', job.sweepId ? h('a', { href: `/ui/sweeps/${encodeURIComponent(job.sweepId)}` },
      job.fold != null ? `${job.sweepId} (trial ${job.trial}, fold ${job.fold})` : `${job.sweepId} (refit of trial ${job.trial})`)
      : null],
    ['Attempts', job.attempts > 1 ? job.attempts : null],
    ['Error', job.error],
    ['Created', when(job.createdAt)],
    ['Finished', job.finishedAt ? when(job.finishedAt) : null],
    ['Job id', h('code', {}, job.id)],
  ]);
}

function dropoutLine(spec) {
  const layers = spec?.model?.hiddenLayers || [];
  const text = `Input dropout ${spec?.model?.inputDropout ?? 0}; hidden layers `
    + (layers.map((l) => `${l.units} ${l.activation} (dropout ${l.dropout})`).join(', ') || 'none')
    + `; ${spec?.training?.epochs} epochs, ${spec?.training?.optimizer?.type}, scaling `
    + `${spec?.training?.dropoutScaling || 'inverted'}.`;
  return h('p', {}, text);
}

function checkpointTable(cps) {
  if (!cps.length) return h('p', { class: 'muted' }, 'No checkpoint kept.');
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Epoch', 'Kind', 'Validation loss', 'Size', 'Created']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, cps.map((c) => h('tr', {}, h('td', { class: 'num' }, c.epoch), h('td', {}, c.kind),
      h('td', { class: 'num' }, number(c.validationLoss)), h('td', { class: 'num' }, bytes(c.sizeBytes)),
      h('td', {}, when(c.createdAt)))))));
}
