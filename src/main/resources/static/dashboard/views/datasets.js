// Datasets: the list and a CSV upload.
import { get, request } from '../api.js';
import { bytes, h, when } from '../format.js';
import { heading, problemBox } from '../ui.js';
import { navigate } from '../app.js';

export async function render(main) {
  const list = h('div');
  main.append(heading('Datasets'), list, uploadForm());
  try {
    const page = await get('/datasets?size=100');
    list.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'datasets-table' },
      h('thead', {}, h('tr', {}, ['Dataset', 'Task', 'Rows', 'Features', 'Classes', 'Size', 'Created']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((d) => h('tr', {},
        h('td', {}, h('a', { href: `/ui/datasets/${encodeURIComponent(d.id)}` }, d.name),
          d.builtin ? h('small', { class: 'muted' }, ' built-in') : null),
        h('td', {}, d.task), h('td', { class: 'num' }, d.rows), h('td', { class: 'num' }, d.featureCount),
        h('td', { class: 'num' }, d.task === 'classification' ? d.classCount : '–'),
        h('td', { class: 'num' }, bytes(d.sizeBytes)), h('td', {}, when(d.createdAt))))))));
  } catch (e) {
    list.replaceChildren(problemBox(e));
  }
  return null;
}

function uploadForm() {
  const file = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: '.csv,text/csv', required: true });
  const name = h('input', { type: 'text', id: 'upload-name', name: 'name', placeholder: 'from the file name' });
  const label = h('input', { type: 'text', id: 'upload-label', name: 'labelColumn', placeholder: 'the last column' });
  const task = h('select', { id: 'upload-task', name: 'task' }, h('option', { value: '' }, 'infer from the label'),
    h('option', { value: 'classification' }, 'classification'), h('option', { value: 'regression' }, 'regression'));
  const button = h('button', { type: 'submit' }, 'Upload');
  const result = h('div');
  const form = h('form', { class: 'card', id: 'upload-form' }, h('h2', {}, 'Upload a CSV'),
    h('p', { class: 'muted' }, 'A header row, one row per example; text columns with few values are one-hot encoded.'),
    h('div', { class: 'fields' },
      h('div', { class: 'field' }, h('label', { for: 'upload-file' }, 'CSV file'), file),
      h('div', { class: 'field' }, h('label', { for: 'upload-name' }, 'Name'), name),
      h('div', { class: 'field' }, h('label', { for: 'upload-label' }, 'Label column'), label),
      h('div', { class: 'field' }, h('label', { for: 'upload-task' }, 'Task'), task)),
    h('div', { class: 'actions' }, button), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.append('file', file.files[0]);
    const params = new URLSearchParams();
    if (name.value.trim()) params.set('name', name.value.trim());
    if (label.value.trim()) params.set('labelColumn', label.value.trim());
    if (task.value) params.set('task', task.value);
    button.disabled = true;
    try {
      const created = await request('POST', `/datasets?${params}`, { body: data });
      navigate(`/ui/datasets/${encodeURIComponent(created.id)}`);
    } catch (e) {
      result.replaceChildren(problemBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
