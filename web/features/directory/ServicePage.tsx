import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Address, PublicServiceDetail } from '../../../core/contracts/directory';
import { formatHours } from '../../../core/directory';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { DisplaySettings } from '../../ui/DisplaySettings';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page } from '../../ui/Page';
import { categoryLabel, LayerBadge, PhoneLink, ReachLine, Ruby, useFurigana } from './format';

type Detail = PublicServiceDetail;
const DL = 'grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-3 [&>dd]:mb-3 sm:[&>dd]:mb-0 [&>dt]:text-std-16B-170 [&>dt]:text-solid-gray-800 [&>dd]:text-std-16N-170 print:grid-cols-[max-content_1fr]';

/** 〒759-2292 山口県美祢市大嶺町… */
export function formatAddress(a: z.infer<typeof Address>): string {
  return `${a.postalCode ? `〒${a.postalCode} ` : ''}${a.stateProvince}${a.city}${a.address1}${a.address2 ? ` ${a.address2}` : ''}`;
}

/** One window or service for a resident: phone first, hours in words, やさしい日本語, printable. */
export function ServicePage() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[3] ?? '');
  const service = useApi<Detail>(`/api/public/services/${encodeURIComponent(id)}`);
  if (service.error) {
    return (
      <Page title={t.directory.searchTitle}>
        <Notice tone="error">{service.error.status === 404 || service.error.status === 400 ? t.directory.notFound : service.error.message}</Notice>
        <p><Link href="/directory">{t.directory.back}</Link></p>
      </Page>
    );
  }
  if (!service.data) return <Page title={t.directory.searchTitle}><Loading /></Page>;
  return <ServiceView s={service.data} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function ServiceView({ s }: { s: Detail }) {
  const { t, locale } = useI18n();
  const on = useFurigana();
  const d = t.directory;
  const phones = [...s.phones, ...s.organization.phones.filter((p) => !s.phones.some((x) => x.number === p.number)), ...s.locations.flatMap((l) => l.phones)];
  const addresses = s.locations.flatMap((l) => l.addresses.map((a) => ({ loc: l, a })));
  const title = (
    <span data-testid="service-name">
      <Ruby text={s.name} reading={s.nameReading} on={on} />
    </span>
  );
  return (
    <Page title={s.name} heading={title}>
      <div className="-mt-4 flex flex-col gap-3">
        <p className="flex flex-wrap gap-2">
          {s.isDemo ? <Badge tone="red">{d.demo}</Badge> : null}
          <LayerBadge layer={s.layer} locale={locale} />
          {s.categories.map((c) => <Badge key={c} tone="gray">{categoryLabel(c, locale)}</Badge>)}
          {s.schedules.length > 0 && s.reach ? <Badge tone={s.openNow ? 'green' : 'gray'}>{s.openNow ? d.openNowBadge : d.closedNowBadge}</Badge> : null}
        </p>
        <div className="flex flex-wrap gap-3 print:hidden">
          <DisplaySettings />
          <Button variant="secondary" onClick={() => window.print()}>{d.print}</Button>
          <Link href="/directory" className="self-center">{d.back}</Link>
        </div>
      </div>
      {s.isDemo ? <Notice tone="warning">{d.demoNotice}</Notice> : null}
      {s.alert ? <Notice tone="warning" title={d.alert}>{s.alert}</Notice> : null}
      {s.easySummary ? (
        <section aria-labelledby="easy-title" className="rounded-12 border-2 border-green-800 bg-green-50 p-4" data-testid="easy-summary">
          <h2 id="easy-title" className="text-std-20B-150">{d.easyJapanese}</h2>
          <p className="mt-2 text-std-20N-150" lang="ja">{s.easySummary}</p>
        </section>
      ) : null}
      <section aria-labelledby="contact-title" className="flex flex-col gap-3 rounded-12 border border-solid-gray-420 bg-white p-4">
        <h2 id="contact-title" className="text-std-22B-150">{d.phone}・{d.hours}</h2>
        {phones.some((p) => p.type !== 'fax') ? null : <ReachLine reach={s.reach} />}
        <dl className={DL}>
          {phones.map((p, i) => (
            <Row key={`${p.number}-${i}`} label={p.type === 'fax' ? d.fax : d.phone}>
              {p.type === 'fax' ? <span className="text-std-18B-160">{p.number}</span> : <PhoneLink number={p.number} label={d.call(p.number)} />}
              {p.description ? <span className="ml-2 text-dns-14N-130 text-solid-gray-700">{p.description}</span> : null}
            </Row>
          ))}
          {s.email || s.organization.email ? <Row label={d.email}><a href={`mailto:${s.email || s.organization.email}`}>{s.email || s.organization.email}</a></Row> : null}
          <Row label={d.hours}>
            {s.schedules.length > 0 ? (
              <ul data-testid="service-hours">
                {s.schedules.map((h) => <li key={h.id}>{formatHours(h, locale)}{h.description ? `（${h.description}）` : ''}</li>)}
              </ul>
            ) : (
              <span data-testid="service-hours">{d.noHours}</span>
            )}
          </Row>
          {addresses.map(({ loc, a }) => (
            <Row key={a.id} label={d.address}>
              <span className="block text-dns-16B-130"><Ruby text={loc.name} reading={loc.nameReading} on={on} /></span>
              <span data-testid="service-address">{formatAddress(a)}</span>
              {loc.transportation ? <span className="block text-dns-14N-130">{d.transportation}：{loc.transportation}</span> : null}
              {loc.accessibility.map((x) => <span key={x.id} className="block text-dns-14N-130">{d.accessibility}：{x.description}</span>)}
            </Row>
          ))}
        </dl>
      </section>
      <section aria-labelledby="about-title" className="flex flex-col gap-3 rounded-12 border border-solid-gray-420 bg-white p-4">
        <h2 id="about-title" className="text-std-22B-150">{d.description}</h2>
        {s.description ? <p className="whitespace-pre-line text-std-16N-170">{s.description}</p> : null}
        <dl className={DL}>
          {s.eligibilityDescription || s.minimumAge !== null || s.maximumAge !== null ? (
            <Row label={d.eligibility}>
              {s.eligibilityDescription}
              {s.minimumAge !== null || s.maximumAge !== null ? `（${d.ages(s.minimumAge, s.maximumAge)}）` : ''}
            </Row>
          ) : null}
          {s.feesDescription || s.costOptions.length > 0 ? (
            <Row label={d.fees}>
              {s.feesDescription}
              {s.costOptions.map((c) => <span key={c.id} className="block">{[c.option, c.amount !== null ? `${c.amount.toLocaleString('ja-JP')}円` : '', c.amountDescription].filter(Boolean).join(' ')}</span>)}
            </Row>
          ) : null}
          {s.applicationProcess ? <Row label={d.applicationProcess}>{s.applicationProcess}</Row> : null}
          {s.requiredDocuments.length > 0 ? <Row label={d.requiredDocuments}><ul className="list-disc pl-6">{s.requiredDocuments.map((x) => <li key={x.id}>{x.document}</li>)}</ul></Row> : null}
          {s.languages.length > 0 ? <Row label={d.languages}>{s.languages.map((l) => l.name || l.code).join('・')}</Row> : null}
          <Row label={d.organization}>
            <Ruby text={s.organization.name} reading={s.organization.nameReading} on={on} />
            {s.organization.website ? <a className="block" href={s.organization.website}>{d.website}</a> : null}
          </Row>
          <Row label={d.statusLabel}>{d.status[s.status] ?? s.status}</Row>
        </dl>
        {s.assuredDate ? <p className="text-dns-14N-130 text-solid-gray-700">{d.lastVerified(formatDate(s.assuredDate, locale))}</p> : null}
      </section>
    </Page>
  );
}
