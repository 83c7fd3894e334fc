import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { EvacuationPlan, Registrant } from '../../../core/contracts/evacuation';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { codeLabel, day } from './format';
import { NoLiability, PlanForm } from './PlanForm';
import type { Shelter } from './types';

type Plan = z.infer<typeof EvacuationPlan>;

/** One row of a definition list. */
function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-solid-gray-200 py-2 sm:grid-cols-[14rem_1fr]">
      <dt className="text-std-16B-170">{term}</dt>
      <dd className="text-std-16N-170">{children}</dd>
    </div>
  );
}

/**
 * A registrant (issue #12 §1–3): the 第49条の10 items as the registry holds them, the reasons with
 * their source and confirmation date, what normal-time sharing allows, and the 個別避難計画 —
 * the form for those who may write, the plan read-only for the others; both say plainly that
 * supporters bear no legal liability for what they cannot do.
 */
export function RegistrantPage() {
  const { t, locale } = useI18n();
  const g = t.evacuation.registrant;
  const l = t.evacuation.plan;
  const { can } = useSession();
  const { pathname } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[3] ?? '');
  const reg = useApi<z.infer<typeof Registrant>>(`/api/evacuation/registrants/${encodeURIComponent(id)}`);
  const planRes = useApi<Plan>(`/api/evacuation/registrants/${encodeURIComponent(id)}/plan`);
  const shelters = useApi<Shelter[] | { items: Shelter[] }>('/api/evacuation/shelters');
  const [plan, setPlan] = useState<Plan | null>(null);
  useEffect(() => setPlan(planRes.data), [planRes.data]);
  if (reg.loading && !reg.data) return <Loading />;
  if (reg.error) {
    return (
      <Page title={reg.error.status === 404 ? t.notFound.title : g.titlePlain}>
        <Notice tone="error">{reg.error.status === 404 ? t.notFound.body : reg.error.message}</Notice>
        <Link href="/evacuation">{g.back}</Link>
      </Page>
    );
  }
  const r = reg.data;
  if (!r) return <Loading />;
  const shelterList = shelters.data ? (Array.isArray(shelters.data) ? shelters.data : shelters.data.items) : [];
  const planLoaded = !planRes.loading;
  const noPlan = planRes.error?.status === 404;
  return (
    <Page title={g.title(r.name)}>
      <p className="flex flex-wrap gap-2">
        <Badge tone={r.status === 'active' ? 'green' : 'gray'}>{codeLabel('registrantStatus', r.status, locale)}</Badge>
        <Badge tone={r.access === 'grant' ? 'red' : 'blue'}>{codeLabel('access', r.access, locale)}</Badge>
        {r.eligible ? null : <Badge tone="orange">{g.notEligible}</Badge>}
      </p>
      <Section title={g.items} id="items">
        <dl>
          <Item term={g.name}>{r.name}{r.kana ? `（${r.kana}）` : ''}</Item>
          <Item term={g.birthDate}>{day(r.birthDate, locale) ?? '—'}</Item>
          <Item term={g.sex}>{r.sex ? codeLabel('sex', r.sex, locale) : '—'}</Item>
          <Item term={g.address}>{r.address}</Item>
          <Item term={g.phone}>{r.phone || '—'}</Item>
          <Item term={g.reasons}>
            <ul className="flex flex-col gap-1">
              {r.reasons.map((x) => (
                <li key={`${x.code}-${x.source}`}>
                  {codeLabel('reason', x.code, locale)}
                  {g.source(codeLabel('source', x.source, locale), day(x.confirmedOn, locale) ?? x.confirmedOn)}
                  {x.note ? `：${x.note}` : ''}
                </li>
              ))}
            </ul>
          </Item>
          <Item term={g.district}>{r.districtName}{r.zoneName ? `・${r.zoneName}` : ''}</Item>
          <Item term={g.consent}>
            {codeLabel('consentState', r.consentState, locale)}
            {r.consentRecordedOn ? `（${day(r.consentRecordedOn, locale)}）` : ''}
            {r.sharedWith.length ? ` — ${g.sharedWith}：${r.sharedWith.map((c) => codeLabel('recipientClass', c, locale)).join('、')}` : ` — ${g.sharedWithNone}`}
          </Item>
          {r.status === 'declined' ? <Item term={g.declined}>{day(r.declinedOn, locale) ?? '—'}{r.statusReason ? `：${r.statusReason}` : ''}</Item> : null}
          {r.mobility ? <Item term={g.mobility}>{r.mobility}</Item> : null}
          {r.hazards.length ? <Item term={g.hazards}>{r.hazards.join('、')}</Item> : null}
          <Item term={g.priority}>{r.priority ?? '—'}</Item>
        </dl>
      </Section>
      <Section title={l.title} id="plan">
        {!planLoaded ? <Loading /> : null}
        {planLoaded && planRes.error && !noPlan ? <Notice tone="error">{planRes.error.message}</Notice> : null}
        {planLoaded && (plan || noPlan) && can('evacuation.write') ? (
          <PlanForm key={plan?.version ?? 0} registrantId={r.id} plan={plan} shelters={shelterList} onSaved={setPlan} />
        ) : null}
        {planLoaded && !can('evacuation.write') ? (plan ? <PlanView plan={plan} /> : <><NoLiability /><p className="text-std-16N-170">{l.none}</p></>) : null}
      </Section>
      <p className="flex flex-wrap gap-4">
        {can('evacuation.provide') && plan ? <Link href={`/evacuation/copies?registrant=${encodeURIComponent(r.id)}`}>{t.evacuation.copies.issuePlan}</Link> : null}
        <Link href="/evacuation">{g.back}</Link>
      </p>
    </Page>
  );
}

/** The plan for those who may read it but not change it. */
function PlanView({ plan }: { plan: Plan }) {
  const { t, locale } = useI18n();
  const l = t.evacuation.plan;
  return (
    <div className="flex flex-col gap-3">
      <NoLiability text={plan.noLiabilityNotice} />
      <dl>
        <Item term={l.supporters}>{plan.supporters.map((s) => `${s.name}${s.relation ? `（${s.relation}）` : ''} ${s.phone}`).join(' / ')}</Item>
        <Item term={l.destinationKind}>{codeLabel('shelterKind', plan.destinationKind, locale)}{plan.shelterName ? `：${plan.shelterName}` : ''}{plan.destinationNote ? ` ${plan.destinationNote}` : ''}</Item>
        <Item term={l.route}>{plan.route || '—'}</Item>
        <Item term={l.medical}>{plan.medicalNeeds || '—'}</Item>
        <Item term={l.devices}>{plan.powerDevices.join('、') || '—'}</Item>
        <Item term={l.priority}>{plan.priority}</Item>
        <Item term={l.reviewOn}>{day(plan.reviewOn, locale)}</Item>
        <Item term={l.authorKind}>{codeLabel('planAuthorKind', plan.authorKind, locale)} {plan.authorName} {plan.authorOrganisation}</Item>
      </dl>
    </div>
  );
}
