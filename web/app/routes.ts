import type { ComponentType } from 'react';
import type { Permission } from '../../core/permissions';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { DirectoryAdminPage } from '../features/directory/DirectoryAdminPage';
import { DirectorySearchPage } from '../features/directory/DirectorySearchPage';
import { ServicePage } from '../features/directory/ServicePage';
import { EnrolTotpPage } from '../features/auth/EnrolTotpPage';
import { LoginPage } from '../features/auth/LoginPage';
import { PasswordPage } from '../features/auth/PasswordPage';
import { ConsultationPage } from '../features/consultations/DetailPage';
import { NewConsultationPage } from '../features/consultations/NewConsultationPage';
import { QueuePage } from '../features/consultations/QueuePage';
import { StatsPage } from '../features/consultations/StatsPage';
import { ConferencePage } from '../features/conferences/ConferencePage';
import { ConferencesPage } from '../features/conferences/ConferencesPage';
import { AreasPage } from '../features/org/AreasPage';
import { UnitsPage } from '../features/org/UnitsPage';
import { ImportsPage } from '../features/people/ImportsPage';
import { PeopleSearchPage } from '../features/people/PeopleSearchPage';
import { PersonNewPage } from '../features/people/PersonNewPage';
import { PersonPage } from '../features/people/PersonPage';
import { RoutingRulesPage } from '../features/consultations/RoutingRulesPage';
import { PublicConsultationPage } from '../features/public/PublicConsultationPage';
import { ReferralPage } from '../features/referrals/ReferralPage';
import { ReferralsPage } from '../features/referrals/ReferralsPage';
import type { DisplaySetting } from '../lib/display';
import { ActivityPage } from '../features/watch/ActivityPage';
import { DashboardPage as WatchDashboardPage } from '../features/watch/DashboardPage';
import { PartnerReportPage } from '../features/watch/PartnerReportPage';
import { VisitPage } from '../features/watch/VisitPage';
import { WatchListPage } from '../features/watch/WatchListPage';
import { HelperPage } from '../features/helpers/HelperPage';
import { HelpersPage } from '../features/helpers/HelpersPage';
import { MyHelpingPage } from '../features/helpers/MyHelpingPage';
import { NetworkPage } from '../features/helpers/NetworkPage';
import { RequestPage } from '../features/helpers/RequestPage';
import { RequestsPage } from '../features/helpers/RequestsPage';
import { SignupPage } from '../features/helpers/SignupPage';
import { CopiesPage } from '../features/evacuation/CopiesPage';
import { DisastersPage } from '../features/evacuation/DisastersPage';
import { HazardsPage } from '../features/evacuation/HazardsPage';
import { ProgressPage } from '../features/evacuation/ProgressPage';
import { RegistrantPage } from '../features/evacuation/RegistrantPage';
import { RegistryPage } from '../features/evacuation/RegistryPage';
import { RollcallIndexPage } from '../features/evacuation/RollcallIndexPage';
import { RollcallListPage } from '../features/evacuation/RollcallListPage';
import { RollcallPersonPage } from '../features/evacuation/RollcallPersonPage';
import type { Dictionary } from '../lib/i18n';
import { StartPage } from './StartPage';

export interface RouteDef {
  path: string;
  page: ComponentType;
  /** Signed-out users may open it. */
  public?: boolean;
  /** The permission from /api/me that opens the page (the server checks it again). */
  permission?: Permission;
  /** Shown in the main menu under this label. */
  nav?: keyof Dictionary['nav'];
  /** The residents' reading aids the page honours, and shows switches for (`/` only while it is the front door). */
  aids?: readonly DisplaySetting[];
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/', page: StartPage, public: true, nav: 'home', aids: ['easy', 'furigana', 'largeText'] },
  { path: '/login', page: LoginPage, public: true },
  { path: '/enrol-totp', page: EnrolTotpPage },
  { path: '/people', page: PeopleSearchPage, permission: 'people.read', nav: 'people' },
  { path: '/people/new', page: PersonNewPage, permission: 'people.write' },
  { path: '/people/imports', page: ImportsPage, permission: 'people.import', nav: 'peopleImport' },
  { path: '/people/:id', page: PersonPage, permission: 'people.read' },
  { path: '/consultations', page: QueuePage, permission: 'consultations.read', nav: 'consultations' },
  { path: '/consultations/new', page: NewConsultationPage, permission: 'consultations.write' },
  { path: '/consultations/stats', page: StatsPage, permission: 'consultations.stats', nav: 'consultationStats' },
  { path: '/consultations/:id', page: ConsultationPage, permission: 'consultations.read' },
  { path: '/referrals', page: ReferralsPage, permission: 'referrals.read', nav: 'referrals' },
  { path: '/referrals/:id', page: ReferralPage, permission: 'referrals.read' },
  { path: '/conferences', page: ConferencesPage, permission: 'conferences.participate', nav: 'conferences' },
  { path: '/conferences/:id', page: ConferencePage, permission: 'conferences.participate' },
  { path: '/watch', page: WatchListPage, permission: 'watch.read', nav: 'watch' },
  { path: '/watch/dashboard', page: WatchDashboardPage, permission: 'watch.read', nav: 'watchDashboard' },
  { path: '/watch/plans/:id', page: VisitPage, permission: 'watch.visit' },
  { path: '/watch/report', page: PartnerReportPage, permission: 'watch.report', nav: 'watchReport' },
  { path: '/activity', page: ActivityPage, permission: 'commissioners.activity', nav: 'activity' },
  { path: '/activity/report', page: ActivityPage, permission: 'commissioners.report' },
  { path: '/soudan', page: PublicConsultationPage, public: true, aids: ['easy', 'largeText'] },
  { path: '/admin/units', page: UnitsPage, permission: 'org.read', nav: 'units' },
  { path: '/admin/areas', page: AreasPage, permission: 'org.read', nav: 'areas' },
  { path: '/admin/routing', page: RoutingRulesPage, permission: 'consultations.configure', nav: 'routing' },
  { path: '/admin/accounts', page: AccountsPage, permission: 'accounts.read', nav: 'accounts' },
  { path: '/audit', page: AuditPage, permission: 'audit.read', nav: 'audit' },
  { path: '/account', page: PasswordPage, permission: 'self.manage', nav: 'account' },
  { path: '/directory', page: DirectorySearchPage, public: true, nav: 'directory', aids: ['furigana', 'largeText'] },
  { path: '/directory/services/:id', page: ServicePage, public: true, aids: ['furigana', 'largeText'] },
  { path: '/helpers', page: HelpersPage, permission: 'helpers.read', nav: 'helpers' },
  { path: '/helpers/:id', page: HelperPage, permission: 'helpers.read' },
  { path: '/help-requests', page: RequestsPage, permission: 'helpers.request', nav: 'helpRequests' },
  { path: '/help-requests/:id', page: RequestPage, permission: 'helpers.request' },
  { path: '/my/helping', page: MyHelpingPage, permission: 'helpers.own', nav: 'myHelping' },
  { path: '/network', page: NetworkPage, permission: 'helpers.stats', nav: 'network' },
  { path: '/volunteer', page: SignupPage, public: true },
  { path: '/admin/directory', page: DirectoryAdminPage, permission: 'directory.manage', nav: 'directoryAdmin' },
  // 避難行動要支援者 (issue #12): the supporter's roll-call works offline on a phone; the staff screens need a signal.
  { path: '/rollcall', page: RollcallIndexPage, permission: 'evacuation.rollcall', nav: 'rollcall' },
  { path: '/rollcall/:disasterId', page: RollcallListPage, permission: 'evacuation.rollcall' },
  { path: '/rollcall/:disasterId/:registrantId', page: RollcallPersonPage, permission: 'evacuation.rollcall' },
  { path: '/evacuation', page: RegistryPage, permission: 'evacuation.read', nav: 'evacuation' },
  { path: '/evacuation/registrants/:id', page: RegistrantPage, permission: 'evacuation.read' },
  { path: '/evacuation/hazards', page: HazardsPage, permission: 'evacuation.read', nav: 'evacuationHazards' },
  { path: '/evacuation/copies', page: CopiesPage, permission: 'evacuation.provide', nav: 'evacuationCopies' },
  { path: '/disasters', page: DisastersPage, permission: 'evacuation.disaster', nav: 'disasters' },
  { path: '/disasters/:id/progress', page: ProgressPage, permission: 'evacuation.progress' },
];

export function findRoute(pathname: string): RouteDef | undefined {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES.find((r) => r.path === p) ?? ROUTES.find((r) => r.path.includes('/:') && matchPattern(r.path, p));
}

/** `/people/:id` matches `/people/abc` (one non-empty segment per parameter). */
function matchPattern(pattern: string, pathname: string): boolean {
  const a = pattern.split('/');
  const b = pathname.split('/');
  return a.length === b.length && a.every((seg, i) => (seg.startsWith(':') ? b[i] !== '' : seg === b[i]));
}
