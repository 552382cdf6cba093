// Every panel shows one of: loading, empty, failed (with the problem's detail) or its content.

import { downloadCsv, ProblemError } from './api.js';

export function loading(panel, text = 'Loading…') {
  setState(panel, 'loading', text);
}

export function empty(panel, text) {
  setState(panel, 'empty', text);
}

export function failed(panel, failure) {
  setState(panel, 'failed', describe(failure));
}

export function ready(panel) {
  setState(panel, 'ready', '');
}

/** One sentence for a failure: the problem's detail and code, or what went wrong in the page. */
export function describe(failure) {
  if (failure instanceof ProblemError) {
    return failure.code ? `${failure.detail} (${failure.code})` : failure.detail;
  }
  return `The page could not show this: ${failure && failure.message ? failure.message : failure}`;
}

function setState(panel, kind, text) {
  const state = panel.querySelector('[data-state]');
  state.className = `state ${kind}`;
  state.textContent = text;
  panel.dataset.state = kind;
  panel.querySelectorAll('.content').forEach(content => {
    content.hidden = kind !== 'ready';
  });
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) {
      continue;
    }
    if (name === 'className') {
      node.className = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

export function facts(list, pairs) {
  list.replaceChildren();
  for (const [term, description] of pairs) {
    list.append(element('dt', {}, term), element('dd', {}, description));
  }
}

/**
 * Makes a link download its CSV with the key: the link's href is the path to ask, its download
 * attribute the file's name. Its data-state says how the last download went.
 */
export function csvLink(link) {
  link.addEventListener('click', async event => {
    event.preventDefault();
    link.dataset.state = 'loading';
    link.removeAttribute('title');
    try {
      await downloadCsv(link.getAttribute('href'), link.getAttribute('download') || 'answer.csv');
      link.dataset.state = 'downloaded';
    } catch (failure) {
      link.dataset.state = 'failed';
      link.title = describe(failure);
    }
  });
}

/** Points a CSV link at another answer. */
export function csvTarget(link, path, fileName) {
  link.setAttribute('href', path);
  link.setAttribute('download', fileName);
  delete link.dataset.state;
  link.removeAttribute('title');
}
