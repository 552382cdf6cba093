// Reads from query-service. Errors arrive as RFC 9457 problem documents with a stable `code`;
// they become ProblemError, whose `detail` is what the page shows.

export class ProblemError extends Error {
  constructor({ status, title, detail, code }) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || 'Request failed';
    this.detail = detail || `query-service answered HTTP ${status}.`;
    this.code = code || null;
  }
}

/** GET a JSON document; a problem document or a failed connection becomes a ProblemError. */
export async function getJson(path, signal) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
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
  const type = response.headers.get('Content-Type') || '';
  if (response.ok) {
    return response.json();
  }
  if (type.includes('json')) {
    const problem = await response.json().catch(() => ({}));
    throw new ProblemError({ status: response.status, ...problem });
  }
  throw new ProblemError({ status: response.status, title: response.statusText });
}

export function isAbort(failure) {
  return failure && failure.name === 'AbortError';
}
