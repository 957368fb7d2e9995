// #/login: sign in, or sign up for a new wallet; either way the session starts and the
// app goes to #/wallet.
import { request, endpoints, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { signedIn } from '../session.js';

import SignIn from '../../../operations/mutations/SignIn.graphql';
import SignUp from '../../../operations/mutations/SignUp.graphql';

export function loginPage(el) {
  const loginStatus = status('login-error');
  const signupStatus = status('signup-error');
  const signInForm = h(
    'form',
    {
      class: 'card',
      testid: 'login-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        showStatus(loginStatus, 'Signing in…', 'info');
        try {
          const { signIn } = await request(SignIn, { input: { email: v.email, password: v.password } });
          await signedIn(signIn);
        } catch (e) {
          showStatus(loginStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'Sign in'),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username', testid: 'login-email', id: 'login-email' })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password', testid: 'login-password', id: 'login-password' })),
    h('button', { type: 'submit', testid: 'login-submit', id: 'login-submit' }, 'Sign in'),
    loginStatus,
  );
  const signUpForm = h(
    'form',
    {
      class: 'card',
      testid: 'signup-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        showStatus(signupStatus, 'Creating your wallet…', 'info');
        try {
          const { signUp } = await request(SignUp, { input: { name: v.name, email: v.email, password: v.password } });
          await signedIn(signUp);
        } catch (e) {
          showStatus(signupStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'New here? Create a wallet'),
    h('label', {}, 'Name', h('input', { name: 'name', required: true, autocomplete: 'name', testid: 'signup-name' })),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email', testid: 'signup-email' })),
    h('label', {}, 'Password (8 to 128 characters)', h('input', { name: 'password', type: 'password', required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password', testid: 'signup-password' })),
    h('button', { type: 'submit', testid: 'signup-submit' }, 'Sign up'),
    signupStatus,
  );
  clear(el, h('div', { class: 'grid two' }, signInForm, signUpForm), h('p', { class: 'muted small' }, `API: ${endpoints.http}`));
}
