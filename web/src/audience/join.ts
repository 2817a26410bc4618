// The join form: name, country, language; the KOC invite code comes from the link (?invite=CODE).
import { h, onSubmit } from '../core/dom.js';
import { locale, localeSwitch } from '../core/i18n.js';
import { countryList, guessCountry } from '../core/names.js';
import { t } from './words.js';
import { eventId, inviteCode, join, type Session } from './session.js';
import { setText, show } from './ui.js';

/** What was typed, kept when the language changes and the form is drawn again. */
const draft = { name: '', country: guessCountry() };

/** Fills the form with what the person gave last time (their stored access was refused). */
export function prefillJoin(name: string | null, country: string | null): void {
  if (name) draft.name = name;
  if (country) draft.country = country;
}

export interface JoinOptions {
  /** Why the form is back (the stored access was refused). */
  note?: string;
  onJoined(session: Session): void;
}

export class JoinView {
  private notFound = false;
  private busy = false;
  private error = h('p', { class: 'form-error hidden', attrs: { role: 'alert' } });

  constructor(
    private readonly root: HTMLElement,
    private readonly options: JoinOptions,
  ) {
    this.rebuild();
  }

  rebuild(): void {
    document.title = `${t('joinTitle')} · Summit Live`;
    if (this.notFound) {
      this.root.replaceChildren(
        h(
          'main',
          { class: 'join' },
          h('div', { class: 'top-tools' }, h('p', { class: 'brand grow' }, 'Summit Live'), localeSwitch()),
          h(
            'div',
            { class: 'card notice-card' },
            h('h1', {}, t('notFoundTitle')),
            h('p', {}, t('notFoundBody', { id: `\u2068${eventId}\u2069` })),
          ),
        ),
      );
      return;
    }
    const name = h('input', {
      attrs: { id: 'join-name', type: 'text', maxlength: 40, autocomplete: 'nickname', required: true },
      on: { input: () => (draft.name = name.value) },
    });
    name.value = draft.name;
    const country = h(
      'select',
      { attrs: { id: 'join-country' }, on: { change: () => (draft.country = country.value) } },
      h('option', { attrs: { value: '' } }, t('countryNone')),
      ...countryList().map(({ code, name: label }) => h('option', { attrs: { value: code } }, label)),
    );
    country.value = draft.country;
    const language = localeSwitch();
    language.id = 'join-language';
    const submit = h('button', { class: 'join-submit', attrs: { type: 'submit' } }, t('joinButton'));
    this.error = h('p', { class: 'form-error hidden', attrs: { role: 'alert' } });
    const form = h(
      'form',
      {
        class: 'card join-form',
        on: { submit: onSubmit(() => this.submit(submit)) },
      },
      h('label', { attrs: { for: 'join-name' } }, t('nameLabel')),
      name,
      h('label', { attrs: { for: 'join-country' } }, t('countryLabel')),
      country,
      h('label', { attrs: { for: 'join-language' } }, t('languageLabel')),
      language,
      inviteCode ? h('p', { class: 'invite-line' }, h('span', { class: 'koc' }, t('koc')), t('inviteDetected')) : null,
      this.error,
      submit,
    );
    this.root.replaceChildren(
      h(
        'main',
        { class: 'join' },
        h('p', { class: 'brand' }, 'Summit Live'),
        h('h1', {}, t('joinTitle')),
        h('p', { class: 'muted' }, t('joinIntro')),
        this.options.note ? h('p', { class: 'card notice-card', attrs: { role: 'status' } }, this.options.note) : null,
        form,
        h('p', { class: 'muted small privacy' }, t('joinPrivacy')),
      ),
    );
  }

  private async submit(button: HTMLButtonElement): Promise<void> {
    if (this.busy) return;
    if (!draft.name.trim()) {
      this.fail(t('nameMissing'));
      return;
    }
    this.busy = true;
    button.disabled = true;
    show(this.error, false);
    const outcome = await join({ name: draft.name, country: draft.country, locale: locale() });
    this.busy = false;
    button.disabled = false;
    if (outcome.ok) {
      this.options.onJoined(outcome.session);
    } else if (outcome.status === 404) {
      this.notFound = true;
      this.rebuild();
    } else if (outcome.status === 0) {
      this.fail(t('joinOffline'));
    } else {
      this.fail(outcome.error.message || t('joinFailed'));
    }
  }

  private fail(text: string): void {
    setText(this.error, text);
    show(this.error, true);
  }
}
