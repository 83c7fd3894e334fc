import { useEffect } from 'react';
import { applyLargeText, OfferedAids, useDisplay, type DisplaySetting } from '../lib/display';
import { I18nPatch, I18nProvider, useI18n } from '../lib/i18n';
import { EASY_JAPANESE } from '../features/public/easy';
import { navigate, safeNext, useLocation } from '../lib/router';
import { SessionProvider, useSession } from '../lib/session';
import { Link } from '../lib/router';
import { Page, Loading } from '../ui/Page';
import { Layout } from './Layout';
import { findRoute } from './routes';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider isPublic={isPublicPath}>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}

const NO_AIDS: readonly DisplaySetting[] = [];

/** Pages anyone may open, and addresses that match no page (the not-found page shows nothing of anyone). */
function isPublicPath(pathname: string): boolean {
  const route = findRoute(pathname);
  return !route || route.public === true;
}

/** Picks the page for the URL and applies the session rules: sign in first, enrol two-factor first. */
function Shell() {
  const { me, ready, can } = useSession();
  const { pathname, search, href } = useLocation();
  const route = findRoute(pathname);

  let redirect: string | null = null;
  if (ready) {
    if (!me && route && !route.public) redirect = `/login${pathname === '/' ? '' : `?next=${encodeURIComponent(href)}`}`;
    else if (me?.stage === 'password_change' && route?.path !== '/account') redirect = '/account';
    else if (me?.stage === 'totp_enrolment' && route?.path !== '/enrol-totp') redirect = '/enrol-totp';
    else if (me && route?.path === '/login') redirect = safeNext(search.get('next'));
  }
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);
  // The reading aids the page offers, and only those (`/` offers them while it is the residents' front door).
  const aids = route?.aids && !(route.path === '/' && me) ? route.aids : NO_AIDS;
  const largeText = useDisplay('largeText') && aids.includes('largeText');
  const easy = useDisplay('easy') && aids.includes('easy');
  useEffect(() => applyLargeText(largeText), [largeText]);
  return (
    <OfferedAids.Provider value={aids}>
      <I18nPatch patch={easy ? EASY_JAPANESE : null}>
        <ShellPage route={route} ready={ready} redirect={redirect} allowed={!route?.permission || can(route.permission) || (me?.stage === 'password_change' && route.path === '/account')} />
      </I18nPatch>
    </OfferedAids.Provider>
  );
}

/** The page itself, or loading, not found or no permission, inside the layout. */
function ShellPage({ route, ready, redirect, allowed }: { route: ReturnType<typeof findRoute>; ready: boolean; redirect: string | null; allowed: boolean }) {
  if (!ready || redirect) {
    return (
      <Layout>
        <Loading />
      </Layout>
    );
  }
  if (!route) {
    return (
      <Layout>
        <NotFoundPage />
      </Layout>
    );
  }
  if (!allowed) {
    return (
      <Layout>
        <ForbiddenPage />
      </Layout>
    );
  }
  const PageComponent = route.page;
  return (
    <Layout>
      <PageComponent />
    </Layout>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t.notFound.title}>
      <p className="text-std-16N-170">{t.notFound.body}</p>
      <p>
        <Link href="/">{t.notFound.home}</Link>
      </p>
    </Page>
  );
}

function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Page title={t.forbidden.title}>
      <p className="text-std-16N-170">{t.forbidden.body}</p>
      <p>
        <Link href="/">{t.notFound.home}</Link>
      </p>
    </Page>
  );
}
