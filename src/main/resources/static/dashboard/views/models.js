// Registered models: each with its latest version and aliases.
import { get } from '../api.js';
import { h, when } from '../format.js';
import { heading, loading, problemBox } from '../ui.js';

export async function render(main) {
  main.append(heading('Models'), loading('the models'));
  try {
    const page = await get('/models?size=100');
    main.lastChild.replaceWith(page.items.length === 0
      ? h('p', {}, 'No model yet: every job that succeeds registers a version of its model.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'models-table' },
        h('thead', {}, h('tr', {}, ['Model', 'Latest version', 'Aliases', 'Updated']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.items.map((m) => h('tr', {},
          h('td', {}, h('a', { href: `/ui/models/${encodeURIComponent(m.name)}` }, m.name)),
          h('td', { class: 'num' }, m.latestVersion),
          h('td', {}, Object.entries(m.aliases || {}).map(([a, v]) => `${a} → v${v}`).join(', ') || '–'),
          h('td', {}, when(m.updatedAt))))))));
  } catch (e) {
    main.lastChild.replaceWith(problemBox(e));
  }
  return null;
}
