// The dashboard's routes: #/account, #/account/{accountId} and #/analyst.

import * as account from './account.js';
import * as analyst from './analyst.js';
import * as start from './start.js';
import { signIn, signOut, storedKey } from './api.js';

const views = {
  account: document.getElementById('view-account'),
  analyst: document.getElementById('view-analyst'),
};
const signInView = document.getElementById('view-sign-in');
const signInForm = document.getElementById('sign-in');
const signInKey = document.getElementById('sign-in-key');
const signInMessage = document.getElementById('sign-in-message');
const signOutButton = document.getElementById('sign-out');

/** Asks for a key: every figure on this page comes from query-service, which answers only with one. */
function showSignIn(message, isProblem) {
  for (const section of Object.values(views)) {
    section.hidden = true;
  }
  signInView.hidden = false;
  signOutButton.hidden = !storedKey();
  signInMessage.textContent = message;
  signInMessage.className = isProblem ? 'problem' : 'hint';
  document.body.dataset.signIn = isProblem ? 'refused' : 'asked';
  signInKey.focus();
}

signInForm.addEventListener('submit', event => {
  event.preventDefault();
  const key = signInKey.value.trim();
  if (!key) {
    showSignIn('Enter a key: a support key reads one account at a time, an analyst key the analyst view too.', true);
    return;
  }
  signIn(key);
  signInKey.value = '';
  route();
});

signOutButton.addEventListener('click', () => {
  signOut();
  start.forget();
  showSignIn('Signed out. The key and the recent accounts are forgotten.', false);
});

window.addEventListener('access-refused', event => {
  const problem = event.detail;
  if (problem.status === 401) {
    signOut();
    showSignIn(`The key was refused: ${problem.detail}`, true);
    return;
  }
  const role = problem.requiredRole ? ` It needs a key with the role ${problem.requiredRole}.` : '';
  showSignIn(`This key may not read this.${role}`, true);
});

function route() {
  if (!storedKey()) {
    showSignIn('Sign in with a support or analyst key. It is kept in this browser tab only.', false);
    return;
  }
  signInView.hidden = true;
  signOutButton.hidden = false;
  document.body.dataset.signIn = 'in';
  const [, view = 'account', ...rest] = (location.hash || '#/account').split('/');
  const name = view === 'analyst' ? 'analyst' : 'account';
  for (const [key, section] of Object.entries(views)) {
    section.hidden = key !== name;
    document.getElementById(`nav-${key}`).classList.toggle('active', key === name);
  }
  if (name === 'analyst') {
    analyst.show();
    return;
  }
  account.show(decoded(rest.join('/')));
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (malformed) {
    return text;
  }
}

account.init(accountId => {
  const target = accountId ? `#/account/${encodeURIComponent(accountId)}` : '#/account';
  if (location.hash === target) {
    account.show(accountId);
  } else {
    location.hash = target;
  }
});
analyst.init();
window.addEventListener('hashchange', route);
route();
