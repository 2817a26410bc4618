// Who this browser is at this event: the event id from the address, the invite code, the token.
import type { ErrorBody } from '../core/types.js';

/** `/e/{eventId}`: the event of this page. */
export const eventId: string = (() => {
  const part = location.pathname.split('/').filter(Boolean)[1] ?? '';
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
})();

/** `?invite=CODE`: a KOC invitation, when the link carries one. */
export const inviteCode: string | null = new URLSearchParams(location.search).get('invite')?.trim() || null;

/** What the server can recognise at all (4-64 of A-Z a-z 0-9 _ -); anything else is surely unknown. */
const INVITE_FORMAT = /^[A-Za-z0-9_-]{4,64}$/;

export interface Session {
  token: string;
  audienceId: string;
  koc: boolean;
  /** The link had an invite code that the event did not recognise (shown once, gently). */
  inviteUnknown?: boolean;
}

const storeKey = `summit:audience:${eventId}`;

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(storeKey);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== 'string' || !value.token) return null;
    return {
      token: value.token,
      audienceId: String(value.audienceId ?? ''),
      koc: value.koc === true,
      inviteUnknown: value.inviteUnknown === true,
    };
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  try {
    localStorage.setItem(storeKey, JSON.stringify(session));
  } catch {
    // Private browsing with no storage: the session lasts as long as the page.
  }
}

export function forgetSession(): void {
  try {
    localStorage.removeItem(storeKey);
  } catch {
    // Nothing stored.
  }
}

export interface JoinForm {
  name: string;
  country: string;
  locale: string;
}

export type JoinOutcome = { ok: true; session: Session } | { ok: false; status: number; error: ErrorBody };

/** Tries of one join while the node asks to come back later (429, 503). */
const JOIN_ATTEMPTS = 5;

/** POST /api/events/{id}/join; the token that comes back is the person from now on. */
export async function join(form: JoinForm): Promise<JoinOutcome> {
  const invite = inviteCode && INVITE_FORMAT.test(inviteCode) ? inviteCode : undefined;
  const body: Record<string, string> = { locale: form.locale };
  if (form.name.trim()) body.name = form.name.trim();
  if (form.country) body.country = form.country;
  if (invite) body.inviteCode = invite;
  let res: Response | null = null;
  for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
    try {
      res = await fetch(`/api/events/${encodeURIComponent(eventId)}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      return { ok: false, status: 0, error: { code: 'UNAVAILABLE', message: '' } };
    }
    // A busy node (the whole hall joining at once) answers 429 or 503 with when to try again.
    if ((res.status !== 429 && res.status !== 503) || attempt === JOIN_ATTEMPTS - 1) break;
    const after = Number(res.headers.get('retry-after'));
    const waitMs = Math.min(10, Number.isFinite(after) && after > 0 ? after : 1) * 1000 * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  if (!res) return { ok: false, status: 0, error: { code: 'UNAVAILABLE', message: '' } };
  const data = (await res.json().catch(() => null)) as {
    token?: string;
    audienceId?: string;
    koc?: boolean;
    error?: ErrorBody;
  } | null;
  if (res.ok && data?.token) {
    const session: Session = { token: data.token, audienceId: data.audienceId ?? '', koc: data.koc === true };
    if (inviteCode && !session.koc) session.inviteUnknown = true;
    saveSession(session);
    return { ok: true, session };
  }
  const error: ErrorBody = data?.error ?? { code: res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: '' };
  return { ok: false, status: res.status, error };
}
