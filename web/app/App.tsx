import { useEffect } from 'react';
import { I18nProvider, useI18n } from '../lib/i18n';
import { navigate, safeNext, useLocation } from '../lib/router';
import { SessionProvider, useSession } from '../lib/session';
import { Link } from '../lib/router';
import { Page, Loading } from '../ui/Page';
import { Layout } from './Layout';
import { findRoute } from './routes';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}

/** Picks the page for the URL and applies the session rules: sign in first, enrol two-factor first. */
function Shell() {
  const { me, ready, can } = useSession();
  const { pathname, search, href } = useLocation();
  const route = findRoute(pathname);

  let redirect: string | null = null;
  if (ready) {
    if (!me && route && !route.public) redirect = `/login${pathname === '/' ? '' : `?next=${encodeURIComponent(href)}`}`;
    else if (me?.stage === 'totp_enrolment' && route?.path !== '/enrol-totp') redirect = '/enrol-totp';
    else if (me && route?.path === '/login') redirect = safeNext(search.get('next'));
  }
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

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
  if (route.permission && !can(route.permission)) {
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
