// A sweep's leaderboard. Until the server has /sweeps, the view says so.
import { get } from '../api.js';
import { h, number } from '../format.js';
import { heading, loading, problemBox } from '../ui.js';

export async function render(main, [id]) {
  main.append(heading(`Sweep ${id}`), loading('the sweep'));
  let sweep;
  try {
    sweep = await get(`/sweeps/${encodeURIComponent(id)}`);
  } catch (e) {
    const known = e.status === 404 && /sweep/i.test(`${e.problem?.type} ${e.problem?.title}`);
    main.lastChild.replaceWith(e.status === 404 && !known
      ? h('p', { id: 'sweeps-unavailable', class: 'card' }, 'Sweeps are not available on this server yet: ',
        'it has no /sweeps endpoint. Compare jobs by hand meanwhile: ', h('a', { href: '/ui/compare' }, 'Compare'), '.')
      : problemBox(e));
    return null;
  }
  const trials = sweep.trials || [];
  const order = sweep.leaderboard || trials.map((t, i) => i);
  main.lastChild.replaceWith(h('p', {}, `Status ${sweep.status}; objective ${sweep.objective || ''}.`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'leaderboard' },
      h('thead', {}, h('tr', {}, ['Rank', 'Parameters', 'Score (mean ± std)', 'Gap', 'State', 'Folds']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, order.map((i, rank) => {
        const t = trials[i] || {};
        return h('tr', { class: t.state === 'PRUNED' ? 'pruned' : null }, h('td', { class: 'num' }, rank + 1),
          h('td', {}, h('code', {}, JSON.stringify(t.params))),
          h('td', { class: 'num' }, `${number(t.mean)} ± ${number(t.std)}`), h('td', { class: 'num' }, number(t.gap)),
          h('td', {}, t.state || '–'),
          h('td', {}, (t.folds || []).map((f, k) => h('a', { href: `/ui/jobs/${encodeURIComponent(f.jobId)}` },
            `fold ${k + 1} `))));
      })))));
  return null;
}
