import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import type { Unit } from '../../../core/contracts/org';
import { type PersonChange, type PersonDetail, PersonUpdate, type Relationship } from '../../../core/contracts/people';
import { api, ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { ageOn, birthText, fullKana, fullName, previewBirth } from './format';
import { StatusBadge } from './PeopleSearchPage';

type Detail = z.infer<typeof PersonDetail>;
type Change = z.infer<typeof PersonChange>;
type Rel = z.infer<typeof Relationship>;

const DL = 'grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-2 [&>dd]:mb-3 sm:[&>dd]:mb-0 [&>dd]:break-words [&>dt]:text-std-16B-170 [&>dt]:text-solid-gray-800 [&>dd]:text-std-16N-170';

/** The person page: names, birth date, contact, household, relationships, 要配慮 data when sent, history, edit. */
export function PersonPage() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[2] ?? '');
  const person = useApi<Detail>(`/api/people/${encodeURIComponent(id)}`);

  if (person.error) {
    return (
      <Page title={t.people.searchTitle}>
        <Notice tone="error">{person.error.status === 404 ? t.people.notFound : person.error.message}</Notice>
        <p>
          <Link href="/people">{t.nav.people}</Link>
        </p>
      </Page>
    );
  }
  if (!person.data) {
    return (
      <Page title={t.people.searchTitle}>
        <Loading />
      </Page>
    );
  }
  return <PersonView key={person.data.id} p={person.data} reload={person.reload} />;
}

function PersonView({ p, reload }: { p: Detail; reload(): void }) {
  const { t, locale, pickName } = useI18n();
  const { can, me } = useSession();
  const history = useApi<{ items: Change[]; total: number }>(`/api/people/${encodeURIComponent(p.id)}/history`);
  const reloadHistory = history.reload;
  useEffect(() => reloadHistory(), [p.version, reloadHistory]);
  const units = useApi<{ items: Unit[] }>(can('org.read') ? '/api/org/units' : null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [showIso, setShowIso] = useState(false);
  const focus = useFocusAfterRender();
  const age = ageOn(p.birthDate);
  const unit = units.data?.items.find((u) => u.id === p.ownerUnitId);
  const myUnit = me?.units.find((u) => u.id === p.ownerUnitId);
  const unitName = unit ? pickName(unit) : (myUnit?.name ?? p.ownerUnitId);

  const keyPerson = p.relationships.filter((r) => r.kind === 'key_person');
  const contacts = p.relationships.filter((r) => r.kind === 'emergency_contact').sort((a, b) => a.priority - b.priority);
  const family = p.relationships.filter((r) => r.kind === 'family');

  return (
    <Page title={t.people.personTitle(fullName(p))}>
      {p.mergedInto ? (
        <Notice tone="warning" title={t.people.mergedNotice}>
          <Link href={`/people/${encodeURIComponent(p.mergedInto)}`}>{t.people.mergedLink}</Link>
        </Notice>
      ) : null}
      <Notice tone="success">{message}</Notice>

      <Section
        title={t.people.basics}
        id="person-basics"
        actions={
          p.abilities.write && p.status !== 'merged' ? (
            <Button
              id="person-edit-toggle"
              variant="secondary"
              aria-expanded={editing}
              aria-controls="person-edit"
              onClick={() => {
                setEditing((e) => !e);
                setMessage(null);
                focus('person-edit-title');
              }}
            >
              {editing ? t.common.cancel : t.people.editOpen}
            </Button>
          ) : null
        }
      >
        <dl className={DL} data-testid="person-basics">
          <dt>{t.people.kana}</dt>
          <dd>{fullKana(p)}</dd>
          <dt>{t.people.familyName}</dt>
          <dd>{p.familyName}</dd>
          <dt>{t.people.givenName}</dt>
          <dd>{p.givenName}</dd>
          {p.aliasName ? (
            <>
              <dt>{t.people.aliasName}</dt>
              <dd>{p.aliasName}</dd>
            </>
          ) : null}
          <dt>{t.people.birth}</dt>
          <dd>
            <span data-testid="person-birth" title={p.birthDate}>
              {showIso ? p.birthDate : birthText(p.birthDate, locale)}
            </span>
            {age !== null ? `（${t.people.age(age)}）` : null}{' '}
            {locale === 'ja' ? (
              <Button variant="tertiary" className="min-h-9 py-0" aria-pressed={showIso} onClick={() => setShowIso((s) => !s)}>
                {t.people.isoToggle}
              </Button>
            ) : null}
          </dd>
          <dt>{t.people.sexLabel}</dt>
          <dd>{p.sex ? t.people.sex[p.sex] : t.people.sexUnknown}</dd>
          <dt>{t.people.statusLabel}</dt>
          <dd>
            <StatusBadge status={p.status} />
            {p.statusOn && p.status !== 'active' ? t.people.statusOn(birthText(p.statusOn, locale)) : null}
          </dd>
          <dt>{t.people.address}</dt>
          <dd data-testid="person-address">
            {p.postalCode ? `〒${p.postalCode} ` : ''}
            {p.address || t.people.noneRegistered}
          </dd>
          <dt>{t.people.phone}</dt>
          <dd>{p.phone || t.people.noneRegistered}</dd>
          <dt>{t.people.dataController}</dt>
          <dd>{t.people.dataControllers[p.dataController]}</dd>
          <dt>{t.people.ownerUnit}</dt>
          <dd data-testid="person-owner" data-unit-id={p.ownerUnitId}>
            {unitName}
          </dd>
          {p.registerId ? (
            <>
              <dt>{t.people.registerId}</dt>
              <dd className="font-mono">{p.registerId}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      {editing ? (
        <Section title={t.people.editTitle} id="person-edit">
          <EditForm
            key={p.version}
            p={p}
            onDone={(saved) => {
              setEditing(false);
              if (saved) {
                setMessage(t.people.saved);
                reload();
              }
              focus('person-edit-toggle');
            }}
            reload={reload}
          />
        </Section>
      ) : null}

      <Section title={t.people.household} id="person-household">
        {p.household ? (
          <>
            {p.household.address ? <p className="text-std-16N-170">{p.household.address}</p> : null}
            <ul className="flex flex-col gap-2">
              {p.household.members.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-2">
                  {m.id === p.id ? (
                    <span className="text-std-16B-170">{fullName(m)}</span>
                  ) : (
                    <Link href={`/people/${encodeURIComponent(m.id)}`}>{fullName(m)}</Link>
                  )}
                  {m.relation ? <Badge tone="gray">{m.relation}</Badge> : null}
                  <span className="text-dns-14N-130 text-solid-gray-700">{birthText(m.birthDate, locale)}</span>
                  {m.status !== 'active' ? <StatusBadge status={m.status} /> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-std-16N-170">{t.people.householdNone}</p>
        )}
      </Section>

      <Section title={t.people.relationships} id="person-relationships">
        <RelList title={t.people.keyPerson} items={keyPerson} />
        <RelList title={t.people.emergencyContacts} items={contacts} ordered />
        <RelList title={t.people.family} items={family} />
      </Section>

      {p.sensitive ? (
        <Section title={t.people.sensitive} id="person-sensitive">
          {p.sensitive.length === 0 ? (
            <p className="text-std-16N-170">{t.people.sensitiveNone}</p>
          ) : (
            <dl className={DL}>
              {p.sensitive.map((s) => (
                <Pair key={s.category} term={t.people.sensitiveCategories[s.category]}>
                  {s.value}
                </Pair>
              ))}
            </dl>
          )}
        </Section>
      ) : null}

      <Section title={t.people.history} id="person-history">
        {history.error ? <Notice tone="error">{history.error.message}</Notice> : null}
        {!history.data && !history.error ? <Loading /> : null}
        {history.data && history.data.items.length === 0 ? <p>{t.people.historyEmpty}</p> : null}
        {history.data && history.data.items.length > 0 ? (
          <ol className="flex flex-col gap-4 border-l-4 border-solid-gray-200 pl-4" data-testid="person-history">
            {history.data.items.map((c) => (
              <HistoryItem key={c.version} c={c} />
            ))}
          </ol>
        ) : null}
      </Section>
    </Page>
  );
}

function Pair({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function RelList({ title, items, ordered }: { title: string; items: Rel[]; ordered?: boolean }) {
  const { t } = useI18n();
  const List = ordered ? 'ol' : 'ul';
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-std-18B-160">{title}</h3>
      {items.length === 0 ? (
        <p className="text-std-16N-170 text-solid-gray-700">{t.people.noneRegistered}</p>
      ) : (
        <List className={`${ordered ? 'list-decimal' : 'list-disc'} flex flex-col gap-1 pl-6 text-std-16N-170`}>
          {items.map((r) => (
            <li key={r.id}>
              {r.relatedPerson ? (
                <Link href={`/people/${encodeURIComponent(r.relatedPerson.id)}`}>{fullName(r.relatedPerson)}</Link>
              ) : r.relatedPersonHidden ? (
                <span>{r.contactName || t.people.hiddenPerson}</span>
              ) : (
                <span>{r.contactName}</span>
              )}
              {r.relationLabel ? `（${r.relationLabel}）` : ''}
              {r.contactPhone || r.relatedPerson?.phone ? ` ${t.people.phone} ${r.contactPhone || r.relatedPerson?.phone}` : ''}
              {r.note ? <span className="block text-dns-14N-130 text-solid-gray-700">{r.note}</span> : null}
            </li>
          ))}
        </List>
      )}
    </div>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function HistoryItem({ c }: { c: Change }) {
  const { t, locale } = useI18n();
  const names: Record<string, string> = {
    familyName: t.people.familyName,
    givenName: t.people.givenName,
    familyNameKana: t.people.familyNameKana,
    givenNameKana: t.people.givenNameKana,
    aliasName: t.people.aliasName,
    birthDate: t.people.birth,
    sex: t.people.sexLabel,
    address: t.people.address,
    postalCode: t.people.postalCode,
    phone: t.people.phone,
    status: t.people.statusLabel,
    dataController: t.people.dataController,
    ownerUnitId: t.people.ownerUnit,
    registerId: t.people.registerId,
    householdRelation: t.people.relation,
  };
  const fields = [...new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})])];
  return (
    <li className="flex flex-col gap-1">
      <p className="flex flex-wrap items-center gap-2 text-std-16N-170">
        <Badge tone="blue">{t.people.historyKinds[c.kind]}</Badge>
        <span>{formatDateTime(c.changedAt, locale)}</span>
        {c.changedByName ? <span>{t.people.historyBy(c.changedByName)}</span> : null}
      </p>
      {c.note ? <p className="text-dns-14N-130 text-solid-gray-800">{c.note}</p> : null}
      {c.kind !== 'created' && c.kind !== 'imported' && fields.length > 0 ? (
        <TableScroll label={`${t.people.history} ${c.version}`}>
          <table className="w-full border-collapse">
            <thead>
              <tr>
                <th scope="col" className={TH}>{t.people.historyField}</th>
                <th scope="col" className={TH}>{t.people.historyBefore}</th>
                <th scope="col" className={TH}>{t.people.historyAfter}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f}>
                  <td className={`${TD} whitespace-nowrap`}>{names[f] ?? f}</td>
                  <td className={TD}>{show(c.before?.[f])}</td>
                  <td className={TD}>{show(c.after?.[f])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </li>
  );
}

const EDIT_FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'aliasName', 'birthDate', 'sex', 'address', 'phone', 'note'] as const;
type EditKey = (typeof EDIT_FIELDS)[number];

function EditForm({ p, onDone, reload }: { p: Detail; onDone(saved: boolean): void; reload(): void }) {
  const { t } = useI18n();
  const form = useFormErrors(EDIT_FIELDS);
  const [v, setV] = useState<Record<EditKey, string>>({
    familyName: p.familyName,
    givenName: p.givenName,
    familyNameKana: p.familyNameKana,
    givenNameKana: p.givenNameKana,
    aliasName: p.aliasName,
    birthDate: p.birthDate,
    sex: p.sex ?? '',
    address: p.address,
    phone: p.phone,
    note: '',
  });
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const set = (k: EditKey) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const birth = previewBirth(v.birthDate);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    for (const k of ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'aliasName', 'address', 'phone'] as const) if (v[k] !== p[k]) changes[k] = v[k];
    if (birth.kind !== 'ok' || birth.iso !== p.birthDate) changes.birthDate = v.birthDate;
    if ((v.sex || null) !== p.sex) changes.sex = v.sex || null;
    if (Object.keys(changes).length === 0) return onDone(false);
    if (v.note) changes.note = v.note;
    const checked = validate(PersonUpdate, { ...changes, expectedVersion: p.version });
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      await api.patch(`/api/people/${encodeURIComponent(p.id)}`, checked.data);
      onDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        form.showIssues([], t.people.conflict);
      } else form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<EditKey, string> = {
    familyName: t.people.familyName,
    givenName: t.people.givenName,
    familyNameKana: t.people.familyNameKana,
    givenNameKana: t.people.givenNameKana,
    aliasName: t.people.aliasName,
    birthDate: t.people.birth,
    sex: t.people.sexLabel,
    address: t.people.address,
    phone: t.people.phone,
    note: t.people.editNote,
  };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={t.people.editTitle}>
      <ErrorSummary form={form} labels={labels} />
      {conflict ? (
        <div>
          <Button variant="secondary" onClick={reload}>
            {t.people.reload}
          </Button>
        </div>
      ) : null}
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="familyName" label={labels.familyName} required value={v.familyName} onChange={set('familyName')} />
        <TextField form={form} name="givenName" label={labels.givenName} required value={v.givenName} onChange={set('givenName')} />
        <TextField form={form} name="familyNameKana" label={labels.familyNameKana} hint={t.people.kanaHint} required value={v.familyNameKana} onChange={set('familyNameKana')} />
        <TextField form={form} name="givenNameKana" label={labels.givenNameKana} hint={t.people.kanaHint} required value={v.givenNameKana} onChange={set('givenNameKana')} />
      </div>
      <TextField form={form} name="aliasName" label={labels.aliasName} value={v.aliasName} onChange={set('aliasName')} />
      <BirthField form={form} label={labels.birthDate} value={v.birthDate} onChange={set('birthDate')} />
      <SelectField
        form={form}
        name="sex"
        label={labels.sex}
        value={v.sex}
        onChange={set('sex')}
        placeholder={t.people.sexUnknown}
        options={(['male', 'female', 'other'] as const).map((s) => ({ value: s, label: t.people.sex[s] }))}
        width="max-w-xs"
      />
      <TextField form={form} name="address" label={labels.address} hint={t.people.addressHint} value={v.address} onChange={set('address')} />
      <TextField form={form} name="phone" label={labels.phone} hint={t.people.phoneHint} type="tel" value={v.phone} onChange={set('phone')} width="max-w-xs" />
      <TextField form={form} name="note" label={labels.note} value={v.note} onChange={set('note')} />
      <div>
        <Button type="submit" disabled={busy}>
          {t.people.editSave}
        </Button>
      </div>
    </form>
  );
}

/** The birth date field with what it reads as, in 和暦 and ISO, as the user types. */
export function BirthField({ form, label, value, onChange }: { form: ReturnType<typeof useFormErrors>; label: string; value: string; onChange(e: { target: { value: string } }): void }) {
  const { t } = useI18n();
  const birth = previewBirth(value);
  let preview = '';
  if (birth.kind === 'ok') preview = t.people.birthParsed(birth.wareki, birth.iso);
  else if (birth.kind === 'bad') preview = birth.reason === 'era_range' ? t.people.birthEra : birth.reason === 'invalid_date' ? t.people.birthInvalid : t.people.birthUnreadable;
  return (
    <div className="flex flex-col gap-1">
      <TextField form={form} name="birthDate" label={label} hint={t.people.birthHint} required value={value} onChange={onChange} width="max-w-xs" autoComplete="off" />
      <p aria-live="polite" className="text-dns-16N-130 text-solid-gray-800" data-testid="birth-preview">
        {preview}
      </p>
    </div>
  );
}
