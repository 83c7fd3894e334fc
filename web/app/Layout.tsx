import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { Link, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { buttonClass } from '../ui/Button';
import { useUnreadCount } from '../features/consultations/NotificationsBlock';
import { ROUTES } from './routes';

/** Header (product, municipality, language, sign-out, menu), main landmark and footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const { me, can, signOut } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);

  const full = me?.stage === 'full';
  const unread = useUnreadCount(full && can('self.read'), pathname);
  const items = full ? ROUTES.filter((r) => r.nav && (!r.permission || can(r.permission))) : [];
  const other = locale === 'ja' ? 'en' : 'ja';
  const hasMenu = items.length > 0;

  // Language and sign-out: in the header bar, or inside the menu when there is one.
  const utilities = (
    <div className="flex flex-wrap items-center gap-2">
      {unread > 0 ? (
        <Link href="/" className="rounded-8 border-2 border-red-900 bg-red-50 px-3 py-2 text-dns-16B-130 text-red-1000 no-underline hover:underline" data-testid="unread-notifications">
          {t.consultations.notifications.headerLink(unread)}
        </Link>
      ) : null}
      <button type="button" lang={other} onClick={() => setLocale(other)} className={buttonClass('tertiary', 'min-h-11')} data-testid="language-switch">
        {t.layout.switchTo}
      </button>
      {me ? (
        <button type="button" onClick={() => void signOut()} className={buttonClass('secondary')}>
          {t.layout.signOut}
        </button>
      ) : pathname === '/' ? null : (
        <>
          {/* Every public page leads to the form (issue #10 §1); the front door is made of these links. */}
          <Link href="/soudan" className={buttonClass('primary', 'min-h-11 no-underline')} data-testid="header-consult">
            {t.nav.consult}
          </Link>
          <Link href="/directory" className={buttonClass('tertiary', 'min-h-11')}>
            {t.nav.directory}
          </Link>
        </>
      )}
    </div>
  );

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only bg-yellow-300 px-4 py-3 text-std-16B-170 text-black focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        {t.layout.skipLink}
      </a>
      <header className="border-b border-solid-gray-420 bg-white">
        <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
          <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1">
            <Link href="/" className="text-std-24B-150 text-blue-900 no-underline hover:underline" aria-label={`${t.product} ${t.nav.home}`}>
              {t.product}
            </Link>
            {me ? <span className="text-std-16B-170 text-solid-gray-800">{me.municipalityName}</span> : null}
          </div>
          {hasMenu ? (
            <button
              type="button"
              className={buttonClass('secondary', 'md:hidden')}
              aria-expanded={menuOpen}
              aria-controls="main-menu"
              onClick={() => setMenuOpen((o) => !o)}
            >
              <span aria-hidden="true">{menuOpen ? '×' : '☰'}</span>
              {t.layout.menu}
            </button>
          ) : null}
          {hasMenu ? null : utilities}
        </div>
        {hasMenu ? (
          <div id="main-menu" className={`${menuOpen ? 'block' : 'hidden'} border-t border-solid-gray-200 md:block`}>
            <div className="mx-auto flex w-full max-w-6xl flex-col md:flex-row md:items-center md:justify-between md:px-4">
              <nav aria-label={t.layout.mainNav}>
                <ul className="flex flex-col px-2 md:flex-row md:flex-wrap md:gap-1 md:px-0">
                  {items.map((r) => {
                    const current = pathname === r.path;
                    return (
                      <li key={r.path}>
                        <Link
                          href={r.path}
                          aria-current={current ? 'page' : undefined}
                          className={`block border-l-4 px-3 py-3 text-std-16B-170 no-underline hover:underline md:border-b-4 md:border-l-0 md:py-2 ${
                            current ? 'border-blue-900 text-blue-1000' : 'border-transparent text-solid-gray-800'
                          }`}
                        >
                          {t.nav[r.nav ?? 'home']}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
              <div className="border-t border-solid-gray-200 px-4 py-3 md:border-t-0 md:px-0 md:py-1">{utilities}</div>
            </div>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:py-10">
        {children}
      </main>
      <footer className="border-t border-solid-gray-420 bg-solid-gray-50">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-1 px-4 py-6 text-dns-14N-130 text-solid-gray-800">
          <p>
            <span className="text-dns-14B-130">{t.product}</span> — {t.productTagline}
          </p>
          <p>{me ? t.layout.footer : t.layout.footerPublic}</p>
        </div>
      </footer>
    </div>
  );
}
