// The router: one page, one view per path; links change the view without reloading.
import { apiKey, onAuthProblem } from './api.js';
import { h } from './format.js';

const routes = [
  [/^\/(?:ui\/?|ui\/jobs\/?)?$/, 'jobs', () => import('./views/jobs.js')],
  [/^\/ui\/jobs\/([^/]+)$/, 'jobs', () => import('./views/job.js')],
  [/^\/ui\/compare\/?$/, 'compare', () => import('./views/compare.js')],
  [/^\/ui\/sweeps\/?$/, 'sweeps', () => import('./views/sweeps.js')],
  [/^\/ui\/sweeps\/([^/]+)\/?$/, 'sweeps', () => import('./views/sweep.js')],
  [/^\/ui\/models\/?$/, 'models', () => import('./views/models.js')],
  [/^\/ui\/models\/([^/]+)$/, 'models', () => import('./views/model.js')],
  [/^\/ui\/datasets\/?$/, 'datasets', () => import('./views/datasets.js')],
  [/^\/ui\/datasets\/([^/]+)$/, 'datasets', () => import('./views/dataset.js')],
];

const main = document.getElementById('view');
const prompt = document.getElementById('key-prompt');
const forget = document.getElementById('forget-key');
let cleanup = null;
let shown = 0;

async function show() {
  const token = ++shown;
  if (cleanup) cleanup();
  cleanup = null;
  const path = location.pathname;
  const route = routes.find(([pattern]) => pattern.test(path));
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (route && a.dataset.nav === route[1]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  forget.hidden = !apiKey.get();
  if (!route) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No view has this address. ',
      h('a', { href: '/ui/jobs' }, 'Go to the jobs.')));
    return;
  }
  const params = path.match(route[0]).slice(1).map(decodeURIComponent);
  const view = await route[2]();
  if (token !== shown) return; // another navigation came first
  main.replaceChildren();
  const query = new URLSearchParams(location.search);
  cleanup = (await view.render(main, params, query)) || null;
}

export function navigate(href) {
  history.pushState(null, '', href);
  show();
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

document.addEventListener('click', (event) => {
  const a = event.target.closest('a[href]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
      || a.target || a.origin !== location.origin) return;
  if (a.pathname !== '/' && !a.pathname.startsWith('/ui')) return;
  event.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener('popstate', show);

onAuthProblem(() => {
  prompt.hidden = false;
  const input = document.getElementById('key-input');
  if (apiKey.get()) {
    // the stored key was refused (revoked, or a typo): ask again
    apiKey.clear();
    forget.hidden = true;
  }
  if (document.activeElement === document.body || document.activeElement === main) input.focus();
});

document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('key-input');
  if (!input.value.trim()) return;
  apiKey.set(input.value);
  input.value = '';
  prompt.hidden = true;
  show();
});

forget.addEventListener('click', () => {
  apiKey.clear();
  show();
});

show();
