import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { CONFERENCE_KIND_LABELS, ConferenceCreate, ConferenceKind, type ConferenceSummary } from '../../../core/contracts/conferences';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { RadioGroup, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { useActionForm } from '../consultations/action';
import { addMemberDraft, japanLocalToIso, type MemberDraft } from './format';

type Summary = z.infer<typeof ConferenceSummary>;
const INPUT = 'block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170';

/** The kind of a conference in the current language. */
export function useKindLabel(): (k: string) => string {
  const { locale } = useI18n();
  return (k) => (k in CONFERENCE_KIND_LABELS ? CONFERENCE_KIND_LABELS[k as z.infer<typeof ConferenceKind>][locale === 'en' ? 1 : 0] : k);
}

/** A member's pledge state: needed only in a 支援会議. */
export function PledgeBadge({ c }: { c: Pick<Summary, 'kind' | 'pledged'> }) {
  const { t } = useI18n();
  const f = t.conferences;
  if (c.kind !== 'support_meeting') return <span className="text-solid-gray-700">{f.pledgeNotNeeded}</span>;
  return c.pledged ? <Badge tone="green">{f.pledged}</Badge> : <Badge tone="orange">{f.notPledged}</Badge>;
}

/** 会議: the conferences I am a member of, and (for a convener) the form to call one. */
export function ConferencesPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const f = t.conferences;
  const kind = useKindLabel();
  const list = useApi<{ items: Summary[]; total: number }>('/api/conferences');
  const [open, setOpen] = useState(false);
  const focus = useFocusAfterRender();
  const items = list.data?.items ?? [];
  return (
    <Page title={f.listTitle} lead={f.listLead}>
      {can('conferences.convene') ? (
        <Section
          title={f.createTitle}
          id="convene"
          actions={
            open ? null : (
              <Button id="conference-open" variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
                {f.openForm}
              </Button>
            )
          }
        >
          {open ? (
            <CreateForm
              onCancel={() => {
                setOpen(false);
                focus('conference-open');
              }}
            />
          ) : null}
        </Section>
      ) : null}
      <Section title={f.listTitle} id="conferences">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && items.length === 0 ? <p className="text-std-16N-170">{f.none}</p> : null}
        {items.length > 0 ? (
          <ul className="flex flex-col gap-3 md:hidden" data-testid="conferences-cards">
            {items.map((c) => (
              <li key={c.id} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3" data-conference={c.id}>
                <Link href={`/conferences/${encodeURIComponent(c.id)}`} className="text-std-16B-170 text-blue-1000 underline">
                  {c.title}
                </Link>
                <span className="text-std-16N-170">
                  {kind(c.kind)}
                  {t.consultations.dot}
                  {formatDateTime(c.scheduledAt, locale)}
                </span>
                <span className="flex flex-wrap items-center gap-2 text-dns-14N-130">
                  <PledgeBadge c={c} />
                  {c.convenedByName ? `${f.col.convener}${t.consultations.colon}${c.convenedByName}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {items.length > 0 ? (
          <div className="hidden md:block">
            <TableScroll label={f.listTitle}>
              <table className="w-full border-collapse" data-testid="conferences-table">
                <thead>
                  <tr>
                    <th scope="col" className={TH}>{f.col.title}</th>
                    <th scope="col" className={TH}>{f.col.kind}</th>
                    <th scope="col" className={TH}>{f.col.scheduledAt}</th>
                    <th scope="col" className={TH}>{f.col.pledge}</th>
                    <th scope="col" className={TH}>{f.col.convener}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id} data-conference={c.id}>
                      <td className={TD}>
                        <Link href={`/conferences/${encodeURIComponent(c.id)}`} className="text-blue-1000 underline">
                          {c.title}
                        </Link>
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>{kind(c.kind)}</td>
                      <td className={`${TD} whitespace-nowrap`}>{formatDateTime(c.scheduledAt, locale)}</td>
                      <td className={TD}>
                        <PledgeBadge c={c} />
                      </td>
                      <td className={TD}>
                        {c.convenedByName ?? ''}
                        {c.isConvener ? <span className="ml-1">{t.consultations.paren(f.convener)}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        ) : null}
      </Section>
    </Page>
  );
}

interface Candidate {
  accountId: string;
  loginId: string;
  displayName: string;
  unitName: string;
}

function CreateForm({ onCancel }: { onCancel(): void }) {
  const { t } = useI18n();
  const f = t.conferences;
  const kindLabel = useKindLabel();
  const { form, busy, run } = useActionForm(['kind', 'title', 'scheduledAt', 'members']);
  const [v, setV] = useState({ kind: '', title: '', scheduledAt: '' });
  const [members, setMembers] = useState<MemberDraft[]>([]);
  const [accountId, setAccountId] = useState('');
  // Staff a convener may invite (GET /api/conferences/candidates): a pick list instead of typing account ids.
  const candidates = useApi<{ items: Candidate[] }>('/api/conferences/candidates');
  const nameOf = (id: string) => candidates.data?.items.find((c) => c.accountId === id)?.displayName ?? id;
  const [outside, setOutside] = useState({ name: '', organization: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { kind: v.kind, title: v.title.trim(), scheduledAt: v.scheduledAt ? japanLocalToIso(v.scheduledAt) : '', members };
    void run(ConferenceCreate, body, async (data) => {
      const c = await api.post<Summary>('/api/conferences', data);
      navigate(`/conferences/${encodeURIComponent(c.id)}?created=1`);
    });
  };
  const kinds = ConferenceKind.options.map((k) => ({
    value: k,
    label: (
      <span className="flex flex-col">
        <span className="text-std-16B-170">{kindLabel(k)}</span>
        <span className="text-dns-14N-130 text-solid-gray-800">{f.kindExplain[k]}</span>
      </span>
    ),
  }));
  return (
    <form noValidate onSubmit={submit} aria-label={f.createTitle} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="conference-form">
      <ErrorSummary form={form} labels={{ kind: f.kind, title: f.title, scheduledAt: f.scheduledAt, members: f.members }} />
      <RadioGroup form={form} name="kind" legend={f.kind} required options={kinds} value={v.kind} onChange={(kind) => setV((s) => ({ ...s, kind }))} />
      <TextField form={form} name="title" label={f.title} hint={f.titleHint} required maxLength={200} value={v.title} onChange={(e) => setV((s) => ({ ...s, title: e.target.value }))} autoComplete="off" />
      <TextField form={form} name="scheduledAt" type="datetime-local" label={f.scheduledAt} hint={f.scheduledAtHint} required value={v.scheduledAt} onChange={(e) => setV((s) => ({ ...s, scheduledAt: e.target.value }))} width="max-w-xs" />
      <fieldset id={form.idOf('members')} tabIndex={-1} className="flex min-w-0 flex-col gap-3">
        <legend className="mb-1 text-std-16B-170">{f.members}</legend>
        <p className="text-dns-14N-130 text-solid-gray-700">{f.membersHint}</p>
        {form.errors.fields.members ? <p className="text-dns-16B-130 text-red-900">{form.errors.fields.members}</p> : null}
        {members.length > 0 ? (
          <ul className="flex flex-col gap-2" data-testid="member-drafts">
            {members.map((m, i) => {
              const text = 'accountId' in m ? f.memberAccountLine(nameOf(m.accountId)) : `${m.name}${m.organization ? t.consultations.paren(m.organization) : ''}`;
              return (
                <li key={i} className="flex flex-wrap items-center gap-2 rounded-8 border border-solid-gray-420 px-3 py-1">
                  <span className="min-w-0 flex-1 break-all text-std-16N-170">{text}</span>
                  <Button variant="tertiary" className="min-h-9 py-0" aria-label={`${f.remove}：${text}`} onClick={() => setMembers((l) => l.filter((_, j) => j !== i))}>
                    {f.remove}
                  </Button>
                </li>
              );
            })}
          </ul>
        ) : null}
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end">
          <div className="flex min-w-0 flex-col gap-1 sm:min-w-48 sm:flex-1">
            <label htmlFor="member-account" className="text-dns-16B-130">
              {f.memberAccount}
            </label>
            <select id="member-account" value={accountId} onChange={(e) => setAccountId(e.target.value)} className={`${INPUT} max-w-md`}>
              <option value="">{f.memberChoose}</option>
              {(candidates.data?.items ?? []).map((c) => (
                <option key={c.accountId} value={c.accountId}>
                  {c.displayName}
                  {c.unitName ? t.consultations.paren(c.unitName) : ''}
                </option>
              ))}
            </select>
          </div>
          <Button
            variant="secondary"
            onClick={() => {
              if (!accountId) return;
              setMembers((l) => addMemberDraft(l, { accountId }));
              setAccountId('');
            }}
          >
            {f.addAccount}
          </Button>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end">
          <div className="flex min-w-0 flex-col gap-1 sm:min-w-48 sm:flex-1">
            <label htmlFor="member-name" className="text-dns-16B-130">
              {f.memberName}
            </label>
            <input id="member-name" value={outside.name} maxLength={60} autoComplete="off" onChange={(e) => setOutside((s) => ({ ...s, name: e.target.value }))} className={INPUT} />
          </div>
          <div className="flex min-w-0 flex-col gap-1 sm:min-w-48 sm:flex-1">
            <label htmlFor="member-org" className="text-dns-16B-130">
              {f.memberOrganization}
            </label>
            <input id="member-org" value={outside.organization} maxLength={100} autoComplete="off" onChange={(e) => setOutside((s) => ({ ...s, organization: e.target.value }))} className={INPUT} />
          </div>
          <Button
            variant="secondary"
            onClick={() => {
              setMembers((l) => addMemberDraft(l, { name: outside.name.trim(), organization: outside.organization.trim() }));
              setOutside({ name: '', organization: '' });
            }}
          >
            {f.addOutside}
          </Button>
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {f.create}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
