// Numbers for people, DOM helpers, and the colour of each job.

/** 0.934 -> "93.4 %" */
export function percent(fraction, digits = 1) {
  return fraction == null || Number.isNaN(fraction) ? '–' : `${(fraction * 100).toFixed(digits)} %`;
}

/** 80 -> "1 min 20 s", 3720 -> "1 h 2 min" */
export function duration(seconds) {
  if (seconds == null) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor(s / 60) % 60;
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}

/** A loss or an RMSE with 4 significant digits. */
export function number(x, digits = 4) {
  if (x == null || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(2) : Number(x.toPrecision(digits)).toString();
}

export function bytes(n) {
  if (n == null) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function when(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '–';
}

/** Okabe–Ito: told apart by the common colour-vision deficiencies (yellow left out: unreadable on white). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000'];

/** A job keeps its colour in every view: the palette entry picked by a hash of its id. */
export function jobColour(id) {
  let h = 0;
  for (const c of String(id)) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Colours for jobs drawn together: each its own colour, the next free one when two ids share one. */
export function jobColours(ids) {
  const used = new Set();
  return ids.map((id) => {
    let i = PALETTE.indexOf(jobColour(id));
    for (let k = 0; k < PALETTE.length && used.has(PALETTE[i]); k++) i = (i + 1) % PALETTE.length;
    used.add(PALETTE[i]);
    return PALETTE[i];
  });
}

export function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** h('a', {href: '/x'}, 'text', child): an element; strings become text nodes (never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function statusBadge(status) {
  return h('span', { class: `status status-${String(status).toLowerCase()}` }, status);
}
