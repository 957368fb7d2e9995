// The session: who is signed in. The token itself lives in api.js (localStorage, sent on
// every request and on the socket); this module keeps the signed-in user that goes with
// it and tells the app when a user signs in or the token is dropped.
import { request, setToken, getToken, onAuthChange, ApiError } from './api.js';

import Me from '../../operations/queries/Me.graphql';
import SignOut from '../../operations/mutations/SignOut.graphql';

let me = null; // the signed-in user
const sessionListeners = new Set();

export const currentUser = () => me;
export const hasRole = (r) => !!me?.roles?.includes(r);

/**
 * f(user) right after a user signs in, f(null) whenever the token is dropped (sign-out,
 * an expired or revoked session); returns the function that stops it.
 */
export const onSessionChange = (f) => (sessionListeners.add(f), () => sessionListeners.delete(f));
const emit = () => sessionListeners.forEach((f) => f(me));

/** The user of the stored token, or null (the token is dropped if it is no longer valid). */
export async function loadMe() {
  if (!getToken()) return (me = null);
  try {
    me = (await request(Me)).me;
    if (!me) setToken(null);
  } catch (e) {
    if (e instanceof ApiError && e.codes.includes('UNAUTHENTICATED')) me = null;
    else throw e;
  }
  return me;
}

onAuthChange((token) => {
  if (!token) {
    me = null;
    emit();
  }
});

export async function signOut() {
  try {
    await request(SignOut);
  } catch {
    /* the token is dropped anyway */
  }
  setToken(null);
}

/** After signIn or signUp: keeps the token and the user. */
export async function signedIn(payload) {
  setToken(payload.token);
  me = payload.user;
  emit();
}
