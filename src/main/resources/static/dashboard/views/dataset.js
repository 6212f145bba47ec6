// One dataset described: its features, classes and counts.
import { get } from '../api.js';
import { bytes, h, number, percent, when } from '../format.js';
import { definitionList, heading, loading, problemBox } from '../ui.js';

export async function render(main, [id]) {
  main.append(heading(id), loading('the dataset'));
  let d;
  try {
    d = await get(`/datasets/${encodeURIComponent(id)}`);
  } catch (e) {
    main.lastChild.replaceWith(problemBox(e));
    return null;
  }
  main.replaceChildren(heading(d.name),
    definitionList([['Id', h('code', {}, d.id)], ['Task', d.task], ['Label column', d.labelColumn],
      ['Rows', d.rows], ['Features', `${d.featureCount} (${d.inputWidth} model inputs after one-hot encoding)`],
      ['CSV size', bytes(d.sizeBytes)], ['Stored', bytes(d.storedBytes)], ['Built-in', d.builtin ? 'yes' : null],
      ['Created', when(d.createdAt)]]),
    h('p', {}, h('a', { href: '/ui/jobs' }, 'Train on it'), ': submit a job with ',
      h('code', {}, `"datasetId": "${d.id}"`), '.'),
    d.classes?.length ? h('section', { 'aria-labelledby': 'classes-title' },
      h('h2', { id: 'classes-title' }, 'Classes'), h('div', { class: 'table-wrap' }, h('table', { id: 'classes-table' },
        h('thead', {}, h('tr', {}, ['Class', 'Rows', 'Share'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, d.classes.map((c) => h('tr', {}, h('td', {}, c.label), h('td', { class: 'num' }, c.count),
          h('td', { class: 'num' }, percent(c.count / d.rows)))))))) : null,
    h('section', { 'aria-labelledby': 'features-title' }, h('h2', { id: 'features-title' }, 'Features'),
      h('div', { class: 'table-wrap' }, h('table', { id: 'features-table' },
        h('thead', {}, h('tr', {}, ['Feature', 'Kind', 'Mean', 'Std', 'Min', 'Max', 'Categories']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, d.features.map((f) => h('tr', {}, h('td', {}, f.name), h('td', {}, f.kind),
          h('td', { class: 'num' }, number(f.mean)), h('td', { class: 'num' }, number(f.std)),
          h('td', { class: 'num' }, number(f.min)), h('td', { class: 'num' }, number(f.max)),
          h('td', {}, (f.categories || []).join(', ') || '–'))))))));
  return null;
}
