// Shared pieces of the views: problems shown as the API wrote them, headings, loading states.
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
