// The page's only way to the server: the public API, with the tab's API key when there is one.
const KEY = 'dropwise.apiKey';

/** An API answer that was not 2xx, carrying its problem+json. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

const listeners = new Set();
/** Called with the status of every 401 so that the page can ask for a key. */
export function onAuthProblem(listener) {
  listeners.add(listener);
}

function headers(extra = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...extra };
  const key = apiKey.get();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function problemOf(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return body;
  } catch (e) {
    // not JSON: a proxy or an HTML error page; show its status line instead
  }
  return { title: `${response.status} ${response.statusText}`, status: response.status };
}

/** fetch + JSON; throws ApiError with the server's problem for any non-2xx answer. */
export async function request(method, path, { json, body, contentType } = {}) {
  const init = { method, headers: headers() };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
    if (contentType) init.headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'The server did not answer', detail: `${method} ${path}: ${e.message}` });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) listeners.forEach((l) => l(problem));
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => request('GET', path);
export const post = (path, json) => request('POST', path, { json });

/**
 * Server-Sent Events over fetch, because EventSource cannot send an Authorization header. Calls onEvent(name, data)
 * per event; resolves when the server ends the stream. abort() stops it.
 */
export function stream(path, onEvent) {
  const controller = new AbortController();
  const done = (async () => {
    const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }),
      signal: controller.signal });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  })().catch((e) => {
    if (e.name !== 'AbortError') throw e;
  });
  return { done, abort: () => controller.abort() };
}
