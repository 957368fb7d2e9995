// The app's two languages. Every string a page shows comes from one message table per
// language (messages/en.js, messages/ru.js) through t(); the language is the browser's
// (navigator.languages) until the user picks one in the top menu, then that one
// (localStorage `kassa.lang`). Safe to import in Node (the unit tests): nothing here
// touches the DOM.
import en from './messages/en.js';
import ru from './messages/ru.js';

export const MESSAGES = { en, ru };
export const LANGS = ['ru', 'en'];
const LS_LANG = 'kassa.lang';

/** The first of the browser's languages we speak ('ru-RU' -> 'ru'), else English. */
export function detectLang(languages) {
  for (const l of languages || []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

const storage = () => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked by the browser
  }
};

function initialLang() {
  const saved = storage()?.getItem(LS_LANG);
  if (LANGS.includes(saved)) return saved;
  const nav = globalThis.navigator;
  return detectLang(nav?.languages?.length ? nav.languages : [nav?.language]);
}

let current = initialLang();
const listeners = new Set();

export const lang = () => current;
/** The BCP 47 locale Intl formats with. */
export const locale = (l = current) => (l === 'ru' ? 'ru-RU' : 'en-GB');

/** Switches the language, remembers it and tells every listener (the router re-renders). */
export function setLang(l) {
  if (!LANGS.includes(l) || l === current) return;
  current = l;
  storage()?.setItem(LS_LANG, l);
  listeners.forEach((f) => f(l));
}
export const onLangChange = (f) => (listeners.add(f), () => listeners.delete(f));

/**
 * t('wallet.title') or t('topup.done', {amount}) -> the text in the current language (or
 * `l`). A key missing in Russian falls back to English, a key missing in both to itself, so
 * a gap shows up as the key and the unit test that compares the tables catches it.
 */
export function t(key, params = {}, l = current) {
  const raw = MESSAGES[l]?.[key] ?? MESSAGES.en[key] ?? key;
  return raw.replace(/\{(\w+)\}/g, (m, name) => (params[name] != null ? String(params[name]) : m));
}

/**
 * What the app says for a failure with this extensions.code: the table's `error.CODE`, or
 * the generic message naming the code. Never the server's (English) text.
 */
export function errorMessage(code, l = current) {
  const key = `error.${code}`;
  if (MESSAGES[l]?.[key] ?? MESSAGES.en[key]) return t(key, {}, l);
  return t('error.generic', { code: code || 'UNKNOWN' }, l);
}
