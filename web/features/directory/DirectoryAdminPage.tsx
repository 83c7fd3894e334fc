import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { OrganizationCreate, type Organization, type PublicAreaList, type Schedule, type Service, ServiceCreate } from '../../../core/contracts/directory';
import { formatHours, HELP_LAYERS, SERVICE_CATEGORIES, type HelpLayer, type ServiceCategory } from '../../../core/directory';
import { api, ApiError, request } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button, EditButton } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { categoryLabel, layerLabel } from './format';
import { TABLES } from './tables';

type PageOf<T> = { items: T[]; total: number };
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The staff editor of the directory (directory.manage): services, a new organisation, HSDS export and import. */
export function DirectoryAdminPage() {
  const { t } = useI18n();
  const d = t.directory;
  const services = useApi<PageOf<Service>>('/api/directory/services');
  const orgs = useApi<PageOf<Organization>>('/api/directory/organizations');
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? '';
  const done = (text: string) => {
    setMessage(text);
    setEditing(null);
    services.reload();
    orgs.reload();
  };
  const remove = async (s: Service) => {
    if (!window.confirm(d.confirmDelete(s.name))) return;
    try {
      await request('DELETE', `/api/directory/services/${s.id}?expectedVersion=${s.version}`);
      done(d.deleted);
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : t.common.loadFailed);
    }
  };

  return (
    <Page title={d.adminTitle} lead={d.adminLead}>
      <Notice tone="success">{message}</Notice>
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => setEditing('new')} aria-expanded={editing === 'new'}>{d.add}</Button>
        <Link href="/directory" className="self-center">{t.nav.directory}</Link>
      </div>
      {editing !== null && orgs.data ? (
        <ServiceForm key={editing === 'new' ? 'new' : editing.id} service={editing === 'new' ? null : editing} orgs={orgs.data.items} onSaved={(s) => done(d.savedService(s.name))} onCancel={() => setEditing(null)} />
      ) : null}
      <Section title={d.services} id="directory-services">
        {services.error ? <Notice tone="error">{services.error.message}</Notice> : null}
        {!services.data ? <Loading /> : (
          <TableScroll label={d.services}>
            <table className="w-full border-collapse" data-testid="directory-admin-table">
              <thead>
                <tr>
                  <th scope="col" className={TH}>{d.name}</th>
                  <th scope="col" className={TH}>{d.organizationField}</th>
                  <th scope="col" className={TH}>{d.layer}</th>
                  <th scope="col" className={TH}>{d.statusLabel}</th>
                  <th scope="col" className={`${TH} relative`}><span className="sr-only">{d.edit}</span></th>
                </tr>
              </thead>
              <tbody>
                {services.data.items.map((s) => (
                  <tr key={s.id}>
                    <td className={TD}>{s.name}</td>
                    <td className={TD}>{orgName(s.organizationId)}</td>
                    <td className={TD}>{layerLabel(s.layer, 'ja')}</td>
                    <td className={TD}>
                      <span className="flex flex-wrap gap-1">
                        {s.isPublished ? null : <Badge tone="orange">{d.draft}</Badge>}
                        {s.isDemo ? <Badge tone="red">{d.demo}</Badge> : null}
                      </span>
                    </td>
                    <td className={TD}>
                      <span className="flex gap-1">
                        <EditButton label={d.edit} subject={s.name} open={editing !== null && editing !== 'new' && editing.id === s.id} onClick={() => setEditing(s)} />
                        <Button variant="tertiary" className="min-h-9 py-0 whitespace-nowrap" aria-label={`${d.delete}：${s.name}`} onClick={() => void remove(s)}>{d.delete}</Button>
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>
      <OrganizationForm onSaved={(o) => done(d.createdOrganization(o.name))} />
      <HsdsBox onImported={(n) => done(d.imported(n))} />
    </Page>
  );
}

/** The simple week editor covers one weekly schedule; anything richer (monthly, several) is kept as it is. */
function simpleSchedule(list: Schedule[]): Schedule | null | 'complex' {
  if (list.length === 0) return null;
  const [s] = list;
  return list.length === 1 && s && s.freq === 'WEEKLY' && s.interval === 1 && !s.validFrom && !s.validTo && !s.count ? s : 'complex';
}

const FIELDS = ['organizationId', 'name', 'nameReading', 'layer', 'categories', 'easySummary', 'description', 'phones', 'schedules', 'areaUnitIds', 'isPublished', 'isDemo'] as const;

function ServiceForm({ service, orgs, onSaved, onCancel }: { service: Service | null; orgs: Organization[]; onSaved(s: Service): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const d = t.directory;
  const form = useFormErrors(FIELDS);
  const areas = useApi<z.infer<typeof PublicAreaList>>('/api/public/areas');
  const week = simpleSchedule(service?.schedules ?? []);
  const [v, setV] = useState({
    organizationId: service?.organizationId ?? orgs[0]?.id ?? '',
    name: service?.name ?? '',
    nameReading: service?.nameReading ?? '',
    layer: (service?.layer ?? 'public') as HelpLayer,
    categories: (service?.categories ?? []) as ServiceCategory[],
    easySummary: service?.easySummary ?? '',
    description: service?.description ?? '',
    phone: service?.phones.find((p) => p.type === 'voice')?.number ?? '',
    days: week && week !== 'complex' ? week.byday.split(',').filter(Boolean) : [],
    opensAt: week && week !== 'complex' ? week.opensAt : '08:30',
    closesAt: week && week !== 'complex' ? week.closesAt : '17:15',
    closedOnHolidays: week && week !== 'complex' ? week.closedOnHolidays : true,
    areaUnitIds: service?.areaUnitIds ?? [],
    isPublished: service?.isPublished ?? true,
    isDemo: service?.isDemo ?? false,
  });
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [k]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keep = service ? { ...service } : null;
    const otherPhones = keep ? keep.phones.filter((p) => p !== keep.phones.find((x) => x.type === 'voice')) : [];
    const schedules =
      week === 'complex' && keep
        ? keep.schedules.map(({ rrule: _r, ...s }) => s)
        : v.days.length > 0
          ? [{ ...(week && week !== 'complex' ? { id: week.id } : {}), freq: 'WEEKLY', byday: DAYS.filter((x) => v.days.includes(x)).join(','), opensAt: v.opensAt, closesAt: v.closesAt, closedOnHolidays: v.closedOnHolidays }]
          : [];
    const body = {
      ...(keep ? { ...keep, id: undefined, version: undefined, updatedAt: undefined } : {}),
      organizationId: v.organizationId, name: v.name, nameReading: v.nameReading, layer: v.layer, categories: v.categories, easySummary: v.easySummary, description: v.description,
      phones: [...(v.phone ? [{ number: v.phone, type: 'voice' }] : []), ...otherPhones], schedules, areaUnitIds: v.areaUnitIds, isPublished: v.isPublished, isDemo: v.isDemo,
    };
    const clean = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    const checked = validate(ServiceCreate, clean);
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const saved = service
        ? await request<Service>('PUT', `/api/directory/services/${service.id}`, { ...clean, expectedVersion: service.version })
        : await api.post<Service>('/api/directory/services', clean);
      onSaved(saved);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  };

  const labels = { organizationId: d.organizationField, name: d.name, nameReading: d.nameReading, layer: d.layer, categories: d.categories, easySummary: d.easySummary, description: d.description, phones: d.phoneNumber, schedules: d.hours, areaUnitIds: d.areaUnits, isPublished: d.published, isDemo: d.isDemo };
  return (
    <Section title={service ? `${d.edit}：${service.name}` : d.add} id="directory-service-form">
      <form aria-label={service ? `${d.edit}：${service.name}` : d.add} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={labels} />
        <SelectField form={form} name="organizationId" label={d.organizationField} required value={v.organizationId} onChange={(e) => set('organizationId', e.target.value)} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <TextField form={form} name="name" label={d.name} required value={v.name} onChange={(e) => set('name', e.target.value)} />
        <TextField form={form} name="nameReading" label={d.nameReading} hint={d.nameReadingHint} value={v.nameReading} onChange={(e) => set('nameReading', e.target.value)} />
        <SelectField form={form} name="layer" label={d.layer} required value={v.layer} onChange={(e) => set('layer', e.target.value as HelpLayer)} options={HELP_LAYERS.map((l) => ({ value: l, label: d.layerNames[l] }))} />
        <CheckboxGroup form={form} name="categories" legend={d.categories} required value={v.categories} onChange={(x) => set('categories', x as ServiceCategory[])} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, locale) }))} />
        <TextArea form={form} name="easySummary" label={d.easySummary} hint={d.easySummaryHint} value={v.easySummary} onChange={(e) => set('easySummary', e.target.value)} />
        <TextArea form={form} name="description" label={d.description} rows={4} value={v.description} onChange={(e) => set('description', e.target.value)} />
        <TextField form={form} name="phones" label={d.phoneNumber} type="tel" autoComplete="off" width="max-w-xs" value={v.phone} onChange={(e) => set('phone', e.target.value)} />
        {week === 'complex' && service ? (
          <div className="flex flex-col gap-1">
            <p className="text-std-16B-170">{d.hours}</p>
            <ul className="list-disc pl-6">{service.schedules.map((s) => <li key={s.id}>{formatHours(s, locale)}</li>)}</ul>
          </div>
        ) : (
          <fieldset className="flex flex-col gap-3">
            <legend className="text-std-16B-170">{d.hours}</legend>
            <CheckboxGroup form={form} name="schedules" legend={d.days} value={v.days} onChange={(x) => set('days', x)} options={DAYS.map((x, i) => ({ value: x, label: d.weekdays[i] ?? x }))} />
            <div className="flex flex-wrap gap-4">
              <TextField form={form} name="opensAt" label={d.opensAt} type="time" width="w-40" value={v.opensAt} onChange={(e) => set('opensAt', e.target.value)} />
              <TextField form={form} name="closesAt" label={d.closesAt} type="time" width="w-40" value={v.closesAt} onChange={(e) => set('closesAt', e.target.value)} />
            </div>
            <CheckboxField form={form} name="closedOnHolidays" label={d.closedOnHolidays} checked={v.closedOnHolidays} onChange={(x) => set('closedOnHolidays', x)} />
          </fieldset>
        )}
        <CheckboxGroup form={form} name="areaUnitIds" legend={d.areaUnits} value={v.areaUnitIds} onChange={(x) => set('areaUnitIds', x)}
          options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.tier === 'district' ? '　' : ''}${locale === 'en' && a.nameEn ? a.nameEn : a.nameJa}` }))} />
        <CheckboxField form={form} name="isPublished" label={d.published} checked={v.isPublished} onChange={(x) => set('isPublished', x)} />
        <CheckboxField form={form} name="isDemo" label={d.isDemo} checked={v.isDemo} onChange={(x) => set('isDemo', x)} />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={busy}>{t.common.save}</Button>
          <Button variant="secondary" onClick={onCancel}>{t.common.cancel}</Button>
        </div>
      </form>
    </Section>
  );
}

function OrganizationForm({ onSaved }: { onSaved(o: Organization): void }) {
  const { t } = useI18n();
  const d = t.directory;
  const form = useFormErrors(['name', 'nameReading']);
  const [name, setName] = useState('');
  const [reading, setReading] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(OrganizationCreate, { name, nameReading: reading });
    if (!checked.ok) return form.showIssues(checked.issues);
    try {
      onSaved(await api.post<Organization>('/api/directory/organizations', { name, nameReading: reading }));
      setName('');
      setReading('');
      form.clear();
    } catch (err) {
      form.showError(err);
    }
  };
  return (
    <Section title={d.addOrganization} id="directory-organization-form">
      <form aria-label={d.addOrganization} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ name: d.organizationName, nameReading: d.organizationReading }} />
        <TextField form={form} name="name" label={d.organizationName} required value={name} onChange={(e) => setName(e.target.value)} />
        <TextField form={form} name="nameReading" label={d.organizationReading} value={reading} onChange={(e) => setReading(e.target.value)} />
        <div><Button type="submit" variant="secondary">{d.addOrganization}</Button></div>
      </form>
    </Section>
  );
}

function HsdsBox({ onImported }: { onImported(services: number): void }) {
  const { t } = useI18n();
  const d = t.directory;
  const form = useFormErrors(['file']);
  const [file, setFile] = useState<File | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return form.showIssues([{ path: ['file'], code: 'required', message: t.issues.required }]);
    try {
      const doc = JSON.parse(await file.text()) as unknown;
      const result = await api.post<{ services: number }>('/api/hsds/import', doc);
      onImported(result.services);
    } catch (err) {
      if (err instanceof SyntaxError) form.showIssues([{ path: ['file'], code: 'literal', message: t.issues.format }]);
      else form.showError(err);
    }
  };
  return (
    <Section title={d.hsdsTitle} id="directory-hsds">
      <p className="text-std-16N-170">{d.hsdsLead}</p>
      <p className="flex flex-wrap gap-3">
        <a href="/api/hsds/export.json" download="hsds-directory.json">{d.exportJson}</a>
      </p>
      <div>
        <p className="text-std-16B-170">{d.exportCsv}</p>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {TABLES.map((name) => <li key={name}><a href={`/api/hsds/export/csv/${name}.csv`} download={`${name}.csv`}>{name}.csv</a></li>)}
        </ul>
      </div>
      <form aria-label={d.importJson} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-3">
        <ErrorSummary form={form} labels={{ file: d.importFile }} />
        <TextField form={form} name="file" label={d.importFile} type="file" accept="application/json,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <div><Button type="submit" variant="danger">{d.importJson}</Button></div>
      </form>
    </Section>
  );
}
