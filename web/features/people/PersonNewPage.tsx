import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type DuplicateCandidate, PersonCreate, type PersonCreated } from '../../../core/contracts/people';
import { api, query } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/Field';
import { Page, Section } from '../../ui/Page';
import { birthText, fullKana, fullName, previewBirth } from './format';
import { getJson } from './http';
import { BirthField } from './PersonPage';
import { StatusBadge } from './PeopleSearchPage';

type Dup = z.infer<typeof DuplicateCandidate>;
type Created = z.infer<typeof PersonCreated>;

const FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate', 'sex', 'address', 'phone'] as const;
type Key = (typeof FIELDS)[number];
const EMPTY: Record<Key, string> = { familyName: '', givenName: '', familyNameKana: '', givenNameKana: '', birthDate: '', sex: '', address: '', phone: '' };

/** Registers a resident: readings may be typed in hiragana, the birth date in 和暦; duplicates are checked first. */
export function PersonNewPage() {
  const { t } = useI18n();
  const form = useFormErrors(FIELDS);
  const [v, setV] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [dups, setDups] = useState<Dup[]>([]);
  const [created, setCreated] = useState<Created | null>(null);
  const set = (k: Key) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  // The duplicate check once name and a readable birth date are filled (debounced, the previous one aborted).
  const birth = previewBirth(v.birthDate);
  const birthIso = birth.kind === 'ok' ? birth.iso : '';
  const familyName = v.familyName.trim();
  const givenName = v.givenName.trim();
  useEffect(() => {
    if (!familyName || !givenName || !birthIso) {
      setDups([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      getJson<{ items: Dup[] }>(`/api/people/duplicates${query({ familyName, givenName, birthDate: birthIso })}`, ctrl.signal).then(
        (r) => setDups(r.items),
        () => undefined, // the check is advice: a failure leaves the form as it is
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [familyName, givenName, birthIso]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const values = { ...v, sex: v.sex || null };
    const checked = validate(PersonCreate, values);
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const saved = await api.post<Created>('/api/people', checked.data);
      form.clear();
      setCreated(saved);
      setV(EMPTY);
      setDups([]);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<Key, string> = {
    familyName: t.people.familyName,
    givenName: t.people.givenName,
    familyNameKana: t.people.familyNameKana,
    givenNameKana: t.people.givenNameKana,
    birthDate: t.people.birth,
    sex: t.people.sexLabel,
    address: t.people.address,
    phone: t.people.phone,
  };

  return (
    <Page title={t.people.newTitle} lead={t.people.newLead}>
      <div role="status" aria-live="polite">
        {created ? (
          <div className="flex flex-col gap-2 rounded-8 border-l-8 border-green-800 bg-green-50 p-4 text-std-16N-170" data-testid="person-created">
            <p className="text-std-16B-170">{t.people.createdTitle(fullName(created))}</p>
            <p>
              <Link href={`/people/${encodeURIComponent(created.id)}`}>{t.people.openCreated}</Link>
            </p>
            {created.duplicates.length > 0 ? (
              <>
                <p>{t.people.createdDuplicates}</p>
                <DupList items={created.duplicates} />
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      <Section title={t.people.newTitle} id="person-new">
        <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={t.people.newTitle}>
          <ErrorSummary form={form} labels={labels} />
          <div className="grid gap-5 md:grid-cols-2">
            <TextField form={form} name="familyName" label={labels.familyName} required value={v.familyName} onChange={set('familyName')} autoComplete="off" />
            <TextField form={form} name="givenName" label={labels.givenName} required value={v.givenName} onChange={set('givenName')} autoComplete="off" />
            <TextField form={form} name="familyNameKana" label={labels.familyNameKana} hint={t.people.kanaHint} required value={v.familyNameKana} onChange={set('familyNameKana')} autoComplete="off" />
            <TextField form={form} name="givenNameKana" label={labels.givenNameKana} hint={t.people.kanaHint} required value={v.givenNameKana} onChange={set('givenNameKana')} autoComplete="off" />
          </div>
          <BirthField form={form} label={labels.birthDate} value={v.birthDate} onChange={set('birthDate')} />
          <div aria-live="polite">
            {dups.length > 0 ? (
              <div className="rounded-8 border-l-8 border-yellow-900 bg-yellow-50 p-4 text-std-16N-170" data-testid="duplicate-warning">
                <p className="text-std-16B-170">{t.people.duplicatesTitle}</p>
                <p>{t.people.duplicatesLead}</p>
                <DupList items={dups} />
              </div>
            ) : null}
          </div>
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
          <TextField form={form} name="address" label={labels.address} hint={t.people.addressHint} value={v.address} onChange={set('address')} autoComplete="off" />
          <TextField form={form} name="phone" label={labels.phone} hint={t.people.phoneHint} type="tel" value={v.phone} onChange={set('phone')} width="max-w-xs" autoComplete="off" />
          <div>
            <Button type="submit" disabled={busy}>
              {t.people.submit}
            </Button>
          </div>
        </form>
      </Section>
    </Page>
  );
}

function DupList({ items }: { items: Dup[] }) {
  const { t, locale } = useI18n();
  return (
    <ul className="mt-2 flex flex-col gap-2">
      {items.map((d) => (
        <li key={d.id} className="flex flex-col">
          <Link href={`/people/${encodeURIComponent(d.id)}`}>
            {fullName(d)}（{fullKana(d)}）
          </Link>
          <span className="text-dns-14N-130 text-solid-gray-800">
            {birthText(d.birthDate, locale)}
            {d.address ? ` ${d.address}` : ''}
            {' — '}
            {d.reasons.map((r) => t.people.duplicateReasons[r]).join('、')}
          </span>
          {d.status !== 'active' ? (
            <span>
              <StatusBadge status={d.status} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
