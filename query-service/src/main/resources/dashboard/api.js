// Reads from query-service. Errors arrive as RFC 9457 problem documents with a stable `code`;
// they become ProblemError, whose `detail` is what the page shows.

export class ProblemError extends Error {
  constructor({ status, title, detail, code, requiredRole }) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || 'Request failed';
    this.detail = detail || `query-service answered HTTP ${status}.`;
    this.code = code || null;
    this.requiredRole = requiredRole || null;
  }
}

// The key lives in this browser tab only (sessionStorage): closing the tab forgets it.
const KEY_ITEM = 'micro-ledger.key';

export function storedKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function signIn(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** GET a JSON document; a problem document or a failed connection becomes a ProblemError. */
export async function getJson(path, signal) {
  const response = await request(path, 'application/json', signal);
  if (response.ok) {
    return response.json();
  }
  throw await problemOf(response);
}

/**
 * GETs a CSV answer and hands it to the browser as a file named {@code fileName}. A plain link
 * cannot do this: every answer with data needs the key, which only a request made here can carry.
 */
export async function downloadCsv(path, fileName) {
  const response = await request(path, 'text/csv');
  if (!response.ok) {
    throw await problemOf(response);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the file after this task ends; the address is dropped once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function request(path, accept, signal) {
  try {
    const headers = { Accept: accept };
    const key = storedKey();
    if (key) {
      headers.Authorization = `Bearer ${key}`;
    }
    return await fetch(path, { headers, signal });
  } catch (failure) {
    if (failure.name === 'AbortError') {
      throw failure;
    }
    throw new ProblemError({
      status: 0,
      title: 'query-service is not reachable',
      detail: 'The request did not reach query-service; is it running?',
      code: 'unreachable',
    });
  }
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    const problem = await response.json().catch(() => ({}));
    const error = new ProblemError({ status: response.status, ...problem });
    if (response.status === 401 || response.status === 403) {
      // The page asks for another key: see app.js.
      window.dispatchEvent(new CustomEvent('access-refused', { detail: error }));
    }
    return error;
  }
  return new ProblemError({ status: response.status, title: response.statusText });
}

export function isAbort(failure) {
  return failure && failure.name === 'AbortError';
}
