import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type { Me as MeSchema } from '../../core/contracts/auth';
import type { Permission } from '../../core/permissions';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api';
import { useI18n } from './i18n';
import { forgetOffline, offlineMe, rememberForOffline } from './offline-session';
import { navigate } from './router';

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

export function SessionProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<NoticeKey | null>(null);
  const [offline, setOffline] = useState(false);
  const meRef = useRef<Me | null>(null);

  const apply = useCallback((next: Me | null) => {
    meRef.current = next;
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
    setOffline(false);
    rememberForOffline(next);
  }, []);

  const refresh = useCallback(async () => {
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

  // Who am I, once at start; again when the language changes (role and unit names follow it).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      refresh().catch(() => setReady(true));
    } else if (meRef.current) {
      refresh().catch(() => undefined);
    }
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

  const value = useMemo<Session>(
    () => ({ me, ready, offline, notice, setNotice, signedIn, refresh, signOut, can: (p) => Boolean(me?.permissions.includes(p)) }),
    [me, ready, offline, notice, signedIn, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
