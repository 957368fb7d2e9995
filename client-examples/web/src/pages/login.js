// #/login: sign in, or sign up for a new wallet; either way the session starts and the
// app goes to #/wallet.
import { request, endpoints, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { signedIn } from '../session.js';
import { t } from '../i18n.js';

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
        showStatus(loginStatus, t('login.signingIn'), 'info');
        try {
          const { signIn } = await request(SignIn, { input: { email: v.email, password: v.password } });
          await signedIn(signIn);
        } catch (e) {
          showStatus(loginStatus, errorText(e, { overrides: { UNAUTHENTICATED: 'login.wrong' } }), 'error');
        }
      },
    },
    h('h2', {}, t('login.signIn')),
    h('label', {}, t('field.email'), h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username', testid: 'login-email', id: 'login-email' })),
    h('label', {}, t('field.password'), h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password', testid: 'login-password', id: 'login-password' })),
    h('button', { type: 'submit', testid: 'login-submit', id: 'login-submit' }, t('login.signIn')),
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
        showStatus(signupStatus, t('login.creating'), 'info');
        try {
          const { signUp } = await request(SignUp, { input: { name: v.name, email: v.email, password: v.password } });
          await signedIn(signUp);
        } catch (e) {
          showStatus(signupStatus, errorText(e, { overrides: { BAD_USER_INPUT: 'login.signUpRefused' } }), 'error');
        }
      },
    },
    h('h2', {}, t('login.newHere')),
    h('label', {}, t('field.name'), h('input', { name: 'name', required: true, autocomplete: 'name', testid: 'signup-name' })),
    h('label', {}, t('field.email'), h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email', testid: 'signup-email' })),
    h('label', {}, t('field.newPassword'), h('input', { name: 'password', type: 'password', required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password', testid: 'signup-password' })),
    h('button', { type: 'submit', testid: 'signup-submit' }, t('login.signUp')),
    signupStatus,
  );
  clear(el, h('div', { class: 'grid two' }, signInForm, signUpForm), h('p', { class: 'muted small' }, t('login.api', { url: endpoints.http })));
}
