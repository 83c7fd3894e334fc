import { PERMISSIONS, type Permission } from '../../../core/permissions';
import { formatDate } from '../../lib/datetime';
import { useI18n, type Dictionary } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Badge, TierBadge } from '../../ui/Badge';
import { Page, Section } from '../../ui/Page';
import { AlertsBlock } from '../consultations/AlertsBlock';
import { NotificationsBlock } from '../consultations/NotificationsBlock';

/** Screens a permission opens, in menu order. The UI reads abilities from /api/me, never from roles. */
const SCREENS: readonly { path: string; nav: keyof Dictionary['home']['screenHints']; permission: Permission }[] = [
  { path: '/consultations', nav: 'consultations', permission: 'consultations.read' },
  { path: '/consultations/stats', nav: 'consultationStats', permission: 'consultations.stats' },
  { path: '/referrals', nav: 'referrals', permission: 'referrals.read' },
  { path: '/conferences', nav: 'conferences', permission: 'conferences.participate' },
  { path: '/people', nav: 'people', permission: 'people.read' },
  { path: '/people/imports', nav: 'peopleImport', permission: 'people.import' },
  { path: '/admin/units', nav: 'units', permission: 'org.read' },
  { path: '/admin/areas', nav: 'areas', permission: 'org.read' },
  { path: '/admin/accounts', nav: 'accounts', permission: 'accounts.read' },
  { path: '/audit', nav: 'audit', permission: 'audit.read' },
  { path: '/account', nav: 'account', permission: 'self.manage' },
];

/** Who I am, my roles and reach in plain words, my units and their tier, and what I can do. */
export function HomePage() {
  const { t, locale } = useI18n();
  const { me, can } = useSession();
  if (!me) return null;
  const screens = SCREENS.filter((s) => can(s.permission));
  return (
    <Page title={t.home.title} lead={t.home.welcome(me.displayName)}>
      {can('self.read') ? <NotificationsBlock /> : null}
      {can('consultations.read') ? <AlertsBlock id="home-alerts" limit={5} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={t.home.whoAmI} id="who">
          <dl className="grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-3 [&>dd]:mb-3 sm:[&>dd]:mb-0">
            <dt className="text-std-16B-170 text-solid-gray-800">{t.home.displayName}</dt>
            <dd className="text-std-16N-170" data-testid="me-name">
              {me.displayName}
            </dd>
            <dt className="text-std-16B-170 text-solid-gray-800">{t.home.loginId}</dt>
            <dd className="font-mono text-mono-16N-150">{me.loginId}</dd>
            <dt className="text-std-16B-170 text-solid-gray-800">{t.home.municipality}</dt>
            <dd className="text-std-16N-170">{me.municipalityName}</dd>
            <dt className="text-std-16B-170 text-solid-gray-800">{t.home.roles}</dt>
            <dd>
              <ul className="flex flex-wrap gap-2">
                {me.roleNames.map((r) => (
                  <li key={r}>
                    <Badge tone="blue">{r}</Badge>
                  </li>
                ))}
              </ul>
            </dd>
            {me.termEndsOn ? (
              <>
                <dt className="text-std-16B-170 text-solid-gray-800">{t.home.termEndsOn}</dt>
                <dd className="text-std-16N-170">{formatDate(me.termEndsOn, locale)}</dd>
              </>
            ) : null}
            <dt className="text-std-16B-170 text-solid-gray-800">{t.home.twoFactor}</dt>
            <dd className="text-std-16N-170">{me.totpEnabled ? t.home.twoFactorOn : t.home.twoFactorOff}</dd>
          </dl>
        </Section>

        <Section title={t.home.reach} id="reach">
          <p className="text-std-18B-160 text-blue-1000">{t.reach[me.reach].title}</p>
          <p className="text-std-16N-170">{t.reach[me.reach].explain}</p>
          <h3 className="text-std-18B-160">{t.home.units}</h3>
          {me.units.length === 0 ? (
            <p className="text-std-16N-170">{t.home.noUnits}</p>
          ) : (
            <ul className="flex flex-col gap-2" data-testid="my-units">
              {me.units.map((u) => (
                <li key={u.id} className="flex flex-wrap items-center gap-2 rounded-8 border border-solid-gray-200 p-3">
                  <span className="text-std-16B-170">{u.name}</span>
                  <span className="sr-only">{t.home.tier}：</span>
                  <TierBadge tier={u.tier} />
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t.home.canDo} id="can-do">
          <ul className="flex list-disc flex-col gap-1 pl-6 text-std-16N-170" data-testid="permissions">
            {[...me.permissions].sort((a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b)).map((p) => (
              <li key={p}>{t.permissions[p]}</li>
            ))}
          </ul>
        </Section>

        <Section title={t.home.screens} id="screens">
          {screens.length === 0 ? (
            <p className="text-std-16N-170">{t.home.noScreens}</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {screens.map((s) => (
                <li key={s.path} className="flex flex-col">
                  <Link href={s.path} className="text-std-17B-170">
                    {t.nav[s.nav]}
                  </Link>
                  <span className="text-dns-14N-130 text-solid-gray-700">{t.home.screenHints[s.nav]}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </Page>
  );
}
