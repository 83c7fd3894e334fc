import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type { Me as MeSchema } from '../../core/contracts/auth';
import type { Permission } from '../../core/permissions';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api';
import { useI18n } from './i18n';
import { forgetOffline, offlineMe, rememberForOffline } from './offline-session';
import { navigate, useLocation } from './router';

export type Me = z.infer<typeof MeSchema>;

type NoticeKey = 'signedOut' | 'sessionExpired';

interface Session {
  me: Me | null;
  ready: boolean;
  /** True when the server could not be reached and the account remembered for offline use is shown (the watch-over screens work; the server decides again when back). */
  offline: boolean;
  /** A one-off message for the sign-in page (signed out, session expired). */
  notice: NoticeKey | null;
  setNotice(n: NoticeKey | null): void;
  signedIn(me: Me): void;
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
  can(p: Permission): boolean;
}

const SessionContext = createContext<Session | null>(null);

/**
 * "This browser was signed in": set on sign-in, cleared on sign-out or when the server says the
 * session is gone. A public page asks `/api/me` only when it is set, so a resident's browser
 * never gets a 401 (issue #10 §5); a staff member's public pages still show their menu.
 */
const SIGNED_IN_HINT = 'sasaeai.signedIn';

function hinted(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return false;
  }
}

function setHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // private mode: public pages then simply do not ask
  }
}

/**
 * Who is signed in. `isPublic(pathname)` names the pages anyone may open: there the session is
 * asked for only if this browser was signed in; every other page asks before it shows.
 */
export function SessionProvider({ children, isPublic }: { children: ReactNode; isPublic(pathname: string): boolean }) {
  const { locale } = useI18n();
  const { pathname } = useLocation();
  const [me, setMe] = useState<Me | null>(null);
  const [asked, setAsked] = useState(false);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<NoticeKey | null>(null);
  const [offline, setOffline] = useState(false);
  const meRef = useRef<Me | null>(null);

  const apply = useCallback((next: Me | null) => {
    meRef.current = next;
    setCsrfToken(next?.csrfToken ?? null);
    setHint(next !== null);
    setMe(next);
    setOffline(false);
    rememberForOffline(next);
  }, []);

  const refresh = useCallback(async () => {
    setAsked(true);
    try {
      const next = await api.get<Me>('/api/me', { quiet401: true });
      apply(next);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        apply(null);
        return null;
      }
      // No network: open with the account remembered for offline use (the phone's watch-over list).
      const remembered = err instanceof ApiError && err.status === 0 ? offlineMe() : null;
      if (remembered && !meRef.current) {
        meRef.current = remembered;
        setMe(remembered);
        setOffline(true);
        return remembered;
      }
      throw err;
    } finally {
      setReady(true);
    }
  }, [apply]);

  // Who am I: once, when the first page that needs to know opens (a public page needs to only if
  // this browser was signed in); again when the language changes (role and unit names follow it).
  const needed = !isPublic(pathname) || hinted();
  useEffect(() => {
    if (asked) return;
    if (needed) {
      setReady(false);
      refresh().catch(() => setReady(true));
    } else {
      setReady(true);
    }
  }, [asked, needed, refresh]);
  const lastLocale = useRef(locale);
  useEffect(() => {
    if (lastLocale.current === locale) return;
    lastLocale.current = locale;
    if (meRef.current) refresh().catch(() => undefined);
  }, [locale, refresh]);

  useEffect(() => {
    setUnauthenticatedHandler((code) => {
      if (!meRef.current) return;
      apply(null);
      setNotice(code === 'session_expired' || code === 'unauthenticated' ? 'sessionExpired' : null);
      const here = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthenticatedHandler(null);
  }, [apply]);

  const signedIn = useCallback(
    (next: Me) => {
      setNotice(null);
      setAsked(true);
      apply(next);
    },
    [apply],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      apply(null);
      await forgetOffline();
      setNotice('signedOut');
      navigate('/login');
    }
  }, [apply]);

  // A page that needs the session is not ready until it was asked for.
  const known = ready && (asked || !needed);
  const value = useMemo<Session>(
    () => ({ me, ready: known, offline, notice, setNotice, signedIn, refresh, signOut, can: (p) => Boolean(me?.permissions.includes(p)) }),
    [me, known, offline, notice, signedIn, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
