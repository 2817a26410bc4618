// Without a usable operator token the console says so, and how to get one.
import { h, onSubmit } from '../core/dom.js';
import { localeSwitch } from '../core/i18n.js';
import { t } from './words.js';
import { tr, trAttr } from './ui.js';

export interface Claims {
  role?: string;
  ev?: string;
  name?: string;
  exp?: number;
}

/** The token's claims, read (not checked: the server does that) to word the messages. */
export function readClaims(token: string): Claims | null {
  try {
    const part = token.split('.')[1] ?? '';
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!claims || typeof claims !== 'object') return null;
    return claims;
  } catch {
    return null;
  }
}

export type AccessProblem = 'missing' | 'unauthorized' | 'role';

export function accessPanel(problem: AccessProblem, claims: Claims | null): HTMLElement {
  const event = claims?.ev ?? '<event-id>';
  const expired = claims?.exp !== undefined && claims.exp * 1000 < Date.now();
  const why =
    problem === 'missing'
      ? tr('access.missing')
      : problem === 'role'
        ? tr('access.role', { role: claims?.role ?? '?' })
        : tr(expired ? 'access.expired' : 'access.refused');
  const cli = `AUTH_SECRET=… npm run token -- --role operator --event ${event} --name "Your name"`;
  const curl =
    `curl -s -X POST ${location.origin}/api/auth/token -H 'Authorization: Bearer <ADMIN_KEY>' ` +
    `-H 'content-type: application/json' -d '{"role":"operator","eventId":"${event}","name":"Your name"}'`;
  const paste = h('input', { attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', dir: 'ltr' } });
  trAttr(paste, 'aria-label', 'access.paste');
  trAttr(paste, 'placeholder', 'access.paste');
  const form = h(
    'form',
    { class: 'row access-paste' },
    h('div', { class: 'grow' }, paste),
    h('button', { attrs: { type: 'submit' } }, tr('access.use')),
  );
  form.addEventListener(
    'submit',
    onSubmit(() => {
      const token = paste.value.trim().replace(/^.*#token=/, '');
      if (!token) return;
      // The page reloads on hashchange and connects with the new token.
      location.hash = `token=${encodeURIComponent(token)}`;
    }),
  );
  return h(
    'section',
    { class: 'card access', attrs: { role: 'alert' }, data: { problem } },
    h('div', { class: 'row' }, h('h1', { class: 'grow' }, tr('access.title')), localeSwitch()),
    h('p', {}, why),
    h('h2', {}, tr('access.howTitle')),
    h(
      'ol',
      {},
      h('li', {}, tr('access.howCli'), h('pre', { attrs: { dir: 'ltr' } }, h('code', {}, cli))),
      h('li', {}, tr('access.howApi'), h('pre', { attrs: { dir: 'ltr' } }, h('code', {}, curl))),
      h('li', {}, tr('access.howDemo')),
    ),
    h(
      'p',
      {},
      tr('access.thenOpen'),
      ' ',
      h('code', { attrs: { dir: 'ltr' } }, `${location.origin}/operator#token=<token>`),
    ),
    form,
  );
}

/** The panel over the page (instead of one shown before). */
export function showAccess(root: HTMLElement, problem: AccessProblem, claims: Claims | null): void {
  document.title = `${t('app.title')} · Summit Live`;
  const panel = accessPanel(problem, claims);
  const existing = document.querySelector('.access-overlay');
  if (existing) existing.remove();
  root.append(h('div', { class: 'access-overlay' }, panel));
}
