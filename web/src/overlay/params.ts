// What the mixer's browser source asks for, from the address: /overlay#token=...&scene=poll[&lang=ar]
// (the language may come as ?lang=ar too, as on the big screen). Read again when the hash changes.
import { LOCALES, type Locale } from '../core/i18n.js';

export const SCENES = ['poll', 'question', 'board', 'quiz'] as const;
export type OverlayScene = (typeof SCENES)[number];

export interface OverlayParams {
  token: string | null;
  /** null: no scene or one the overlay does not know (it then shows nothing). */
  scene: OverlayScene | null;
  lang: Locale | null;
}

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && LOCALES.includes(value);
}

export function readParams(where: Pick<Location, 'hash' | 'search'> = location): OverlayParams {
  const hash = new URLSearchParams(where.hash.slice(1));
  const search = new URLSearchParams(where.search);
  const scene = (hash.get('scene') ?? search.get('scene'))?.toLowerCase() ?? null;
  const lang = (hash.get('lang') ?? search.get('lang'))?.toLowerCase() ?? null;
  return {
    token: hash.get('token'),
    scene: (SCENES as readonly string[]).includes(scene ?? '') ? (scene as OverlayScene) : null,
    lang: isLocale(lang) ? lang : null,
  };
}
