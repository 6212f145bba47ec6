// Shared pieces of the views: problems shown as the API wrote them, headings, loading states.
import { post } from './api.js';
import { h } from './format.js';

/** An API error as its problem+json title and detail (and field errors), never as raw JSON. */
export function problemBox(error) {
  const p = error.problem || { title: 'Something went wrong', detail: String(error.message || error) };
  let lead = null;
  if (error.status === 403) lead = h('p', { class: 'scope' }, 'Your API key is not allowed to do this.');
  if (error.status === 401) lead = h('p', { class: 'scope' }, 'This needs an API key: enter one above.');
  const fields = Array.isArray(p.errors) && p.errors.length
    ? h('ul', {}, p.errors.map((e) => h('li', {}, h('code', {}, e.field), ': ', e.message)))
    : null;
  return h('div', { class: 'problem', role: 'alert' }, lead,
    h('strong', {}, p.title || `HTTP ${error.status}`), p.detail ? h('p', {}, p.detail) : null, fields);
}

/** Replaces the contents of a slot with a problem box, or clears it. */
export function showProblem(slot, error) {
  slot.replaceChildren(...(error ? [problemBox(error)] : []));
}

export function heading(text, ...extra) {
  return h('div', { class: 'heading' }, h('h1', {}, text), ...extra);
}

export function loading(what) {
  return h('p', { class: 'muted' }, `Loading ${what}…`);
}

export function definitionList(pairs) {
  return h('dl', { class: 'facts' },
    pairs.filter(([, v]) => v != null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** A collapsible block of JSON, for specs and provenance. */
export function jsonDetails(summary, value) {
  return h('details', {}, h('summary', {}, summary), h('pre', { class: 'json' }, JSON.stringify(value, null, 2)));
}

/**
 * Runs {@code load} now and again {@code millis} after each run settles, until the returned {@code stop} is called.
 * A failure shows in {@code problemSlot} (cleared by the next success); a 401 or 403 stops the polling: without a good
 * enough key asking again changes nothing, and the view is drawn anew once a key is entered.
 */
export function poll(load, problemSlot, millis) {
  let timer = null;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    try {
      await load();
      showProblem(problemSlot, null);
    } catch (e) {
      showProblem(problemSlot, e);
      if (e.status === 401 || e.status === 403) return;
    }
    if (!stopped) timer = setTimeout(refresh, millis);
  }
  refresh();
  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * A card with a JSON text area filled with {@code template} and a submit button (element ids from {@code ids}): the text is parsed (a parse error is
 * shown as a problem, nothing is sent), POSTed to {@code path}, and {@code done(created)} returns what to show.
 */
export function jsonSubmitForm({ ids, title, button: buttonText, intro, label, what, template, rows, path, done }) {
  const text = h('textarea', { id: ids.text, name: 'spec', rows: String(rows), spellcheck: 'false' });
  text.value = JSON.stringify(template, null, 2);
  const result = h('div', { id: ids.result });
  const button = h('button', { type: 'submit' }, buttonText);
  const form = h('form', { class: 'card', id: ids.form },
    h('h2', {}, title), h('p', { class: 'muted' }, ...[].concat(intro)),
    h('label', { for: ids.text }, label), text, h('div', { class: 'actions' }, button), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let spec;
    try {
      spec = JSON.parse(text.value);
    } catch (e) {
      result.replaceChildren(problemBox({ problem: { title: `The ${what} is not valid JSON`, detail: e.message } }));
      return;
    }
    button.disabled = true;
    try {
      result.replaceChildren(h('p', { class: 'ok', role: 'status' }, ...[].concat(done(await post(path, spec)))));
    } catch (e) {
      result.replaceChildren(problemBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
