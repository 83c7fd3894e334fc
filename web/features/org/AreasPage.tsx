import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type Area, AreaCreate, type AreaKind, AreaKindCreate, AreaUpdate, type Unit } from '../../../core/contracts/org';
import { api, query } from '../../lib/api';
import { useFocusAfterRender } from '../../lib/focus';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button, EditButton } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { buildTree, flatten } from './tree';

type Kind = z.infer<typeof AreaKind>;
type PageOf<T> = { items: T[]; total: number };

/** Areas (民生委員 zones, school districts, shelter zones …) and their kinds. */
export function AreasPage() {
  const { t, pickName } = useI18n();
  const { can } = useSession();
  const manage = can('org.manage');
  const { search } = useLocation();
  const kindFilter = search.get('kind') ?? '';
  const kinds = useApi<PageOf<Kind>>('/api/org/area-kinds');
  const areas = useApi<PageOf<Area>>(`/api/org/areas${query({ kind: kindFilter })}`);
  const units = useApi<PageOf<Unit>>('/api/org/units');
  const [message, setMessage] = useState<string | null>(null);
  const [addingKind, setAddingKind] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Area | null>(null);
  const [draftKind, setDraftKind] = useState(kindFilter);
  const focus = useFocusAfterRender();
  useEffect(() => setDraftKind(kindFilter), [kindFilter]);

  const kindName = (code: string) => {
    const k = kinds.data?.items.find((x) => x.code === code);
    return k ? pickName(k) : code;
  };
  const unitById = useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.id, u])), [units.data]);
  const unitOptions = useMemo(
    () => flatten(buildTree(units.data?.items ?? [])).map((n) => ({ value: n.unit.id, label: `${'　'.repeat(n.depth)}${pickName(n.unit)}` })),
    [units.data, pickName],
  );
  const kindOptions = (kinds.data?.items ?? []).map((k) => ({ value: k.code, label: pickName(k) }));
  const filterForm = useFormErrors(['kind']);

  return (
    <Page title={t.areas.title} lead={t.areas.lead}>
      {!manage ? <Notice tone="info">{t.areas.readOnly}</Notice> : null}
      <Notice tone="success">{message}</Notice>

      <Section title={t.areas.kinds} id="area-kinds">
        {kinds.error ? <Notice tone="error">{kinds.error.message}</Notice> : null}
        {kinds.data ? (
          <TableScroll label={t.areas.kinds}>
            <table className="w-full border-collapse">
              <thead>
                <tr>
                  {manage ? <th scope="col" className={TH}>{t.areas.kindCode}</th> : null}
                  <th scope="col" className={TH}>{t.areas.kindNameJa}</th>
                  <th scope="col" className={TH}>{t.areas.kindNameEn}</th>
                </tr>
              </thead>
              <tbody>
                {kinds.data.items.map((k) => (
                  <tr key={k.code}>
                    {manage ? <td className={`${TD} font-mono`}>{k.code}</td> : null}
                    <td className={TD}>{k.nameJa}</td>
                    <td className={TD} lang="en">{k.nameEn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <Loading />
        )}
        {manage ? (
          <>
            <div>
              <Button id="kind-add-toggle" variant="secondary" aria-expanded={addingKind} aria-controls="kind-add-form" onClick={() => setAddingKind((a) => !a)}>
                {addingKind ? t.common.cancel : t.areas.addKind}
              </Button>
            </div>
            <div id="kind-add-form" hidden={!addingKind}>
              {addingKind ? (
                <KindCreateForm
                  onCreated={(k) => {
                    setAddingKind(false);
                    setMessage(t.areas.kindCreated(pickName(k)));
                    kinds.reload();
                    focus('kind-add-toggle');
                  }}
                />
              ) : null}
            </div>
          </>
        ) : null}
      </Section>

      <Section title={t.areas.list} id="areas" actions={areas.data ? <span className="text-std-16N-170 text-solid-gray-700">{t.areas.count(areas.data.total)}</span> : null}>
        <form
          className="flex flex-wrap items-end gap-3"
          role="search"
          aria-label={t.areas.filterKind}
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`/admin/areas${query({ kind: draftKind })}`, { keepScroll: true });
          }}
        >
          <div className="min-w-56">
            <SelectField form={filterForm} name="kind" label={t.areas.filterKind} value={draftKind} onChange={(e) => setDraftKind(e.target.value)} options={kindOptions} placeholder={t.areas.filterAll} />
          </div>
          <Button type="submit" variant="secondary">
            {t.areas.filter}
          </Button>
        </form>

        {manage ? (
          <>
            <div>
              <Button id="area-add-toggle" aria-expanded={adding} aria-controls="area-add-form" variant={adding ? 'secondary' : 'primary'} onClick={() => setAdding((a) => !a)}>
                {adding ? t.common.cancel : t.areas.add}
              </Button>
            </div>
            <div id="area-add-form" hidden={!adding}>
              {adding ? (
                <div className="rounded-8 border-2 border-blue-900 p-4">
                  <AreaForm
                    mode="create"
                    kindOptions={kindOptions}
                    unitOptions={unitOptions}
                    onDone={(a) => {
                      setAdding(false);
                      if (a) {
                        setMessage(t.areas.createdMessage(pickName(a)));
                        areas.reload();
                      }
                      focus('area-add-toggle');
                    }}
                  />
                </div>
              ) : null}
            </div>
          </>
        ) : null}

        {areas.error ? <Notice tone="error">{areas.error.message}</Notice> : null}
        {areas.loading && !areas.data ? <Loading /> : null}
        {areas.data && areas.data.items.length === 0 ? <p className="text-std-16N-170">{t.areas.empty}</p> : null}
        {areas.data && areas.data.items.length > 0 ? (
          <TableScroll label={t.areas.list}>
            <table className="w-full border-collapse" data-testid="areas-table">
              <thead>
                <tr>
                  <th scope="col" className={TH}>{t.areas.nameJa}</th>
                  <th scope="col" className={TH}>{t.areas.kind}</th>
                  <th scope="col" className={TH}>{t.areas.unit}</th>
                  <th scope="col" className={TH}>{t.areas.description}</th>
                  <th scope="col" className={TH}>{t.areas.status}</th>
                  {manage ? <th scope="col" className={TH}>{t.areas.actions}</th> : null}
                </tr>
              </thead>
              <tbody>
                {areas.data.items.map((a) => {
                  const unit = a.unitId ? unitById.get(a.unitId) : undefined;
                  return (
                    <tr key={a.id}>
                      <td className={TD}>
                        <span className="block text-dns-16B-130">{pickName(a)}</span>
                        {/* An area's code is for those who administer areas; everyone else knows it by name. */}
                        {manage ? <span className="block font-mono text-mono-14N-150 text-solid-gray-700">{a.id}</span> : null}
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>{kindName(a.kind)}</td>
                      <td className={TD}>{unit ? pickName(unit) : t.areas.unitNone}</td>
                      <td className={`${TD} min-w-48`}>{a.description}</td>
                      <td className={`${TD} whitespace-nowrap`}>{a.isActive ? <Badge tone="green">{t.common.active}</Badge> : <Badge tone="gray">{t.common.inactive}</Badge>}</td>
                      {manage ? (
                        <td className={TD}>
                          <EditButton
                            id={`area-edit-${a.id}`}
                            label={t.common.edit}
                            subject={pickName(a)}
                            open={editing?.id === a.id}
                            controls="area-edit"
                            onClick={() => {
                              setEditing(editing?.id === a.id ? null : a);
                              setMessage(null);
                              focus('area-edit-title');
                            }}
                          />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </Section>

      {editing ? (
        <Section title={t.areas.editTitle(pickName(editing))} id="area-edit">
          <AreaForm
            key={editing.id}
            mode="edit"
            area={editing}
            kindOptions={kindOptions}
            unitOptions={unitOptions}
            onDone={(a) => {
              const id = editing.id;
              setEditing(null);
              if (a) {
                setMessage(t.areas.savedMessage(pickName(a)));
                areas.reload();
              }
              focus(`area-edit-${id}`);
            }}
          />
        </Section>
      ) : null}
    </Page>
  );
}

function KindCreateForm({ onCreated }: { onCreated(k: Kind): void }) {
  const { t } = useI18n();
  const form = useFormErrors(['code', 'nameJa', 'nameEn']);
  const [v, setV] = useState({ code: '', nameJa: '', nameEn: '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(AreaKindCreate, { ...v, code: v.code.trim() });
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      onCreated(await api.post<Kind>('/api/org/area-kinds', checked.data));
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-4" aria-label={t.areas.addKind}>
      <ErrorSummary form={form} labels={{ code: t.areas.kindCode, nameJa: t.areas.kindNameJa, nameEn: t.areas.kindNameEn }} />
      <TextField form={form} name="code" label={t.areas.kindCode} hint={t.common.idHint} required value={v.code} onChange={set('code')} autoCapitalize="none" spellCheck={false} width="max-w-md" />
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="nameJa" label={t.areas.kindNameJa} required value={v.nameJa} onChange={set('nameJa')} />
        <TextField form={form} name="nameEn" label={t.areas.kindNameEn} value={v.nameEn} onChange={set('nameEn')} lang="en" />
      </div>
      <div>
        <Button type="submit" disabled={busy}>
          {t.areas.addKind}
        </Button>
      </div>
    </form>
  );
}

const AREA_FIELDS = ['id', 'kind', 'nameJa', 'nameEn', 'unitId', 'description', 'isActive'] as const;

function AreaForm({
  mode,
  area,
  kindOptions,
  unitOptions,
  onDone,
}: {
  mode: 'create' | 'edit';
  area?: Area;
  kindOptions: { value: string; label: string }[];
  unitOptions: { value: string; label: string }[];
  onDone(saved: Area | null): void;
}) {
  const { t } = useI18n();
  const form = useFormErrors(AREA_FIELDS);
  const [v, setV] = useState({
    id: area?.id ?? '',
    kind: area?.kind ?? '',
    nameJa: area?.nameJa ?? '',
    nameEn: area?.nameEn ?? '',
    unitId: area?.unitId ?? '',
    description: area?.description ?? '',
    isActive: area?.isActive ?? true,
  });
  const [busy, setBusy] = useState(false);
  const set = (k: 'id' | 'kind' | 'nameJa' | 'nameEn' | 'unitId' | 'description') => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    let checked;
    if (mode === 'create') {
      checked = validate(AreaCreate, { id: v.id.trim(), kind: v.kind, nameJa: v.nameJa, nameEn: v.nameEn, unitId: v.unitId || null, description: v.description });
    } else {
      const a = area as Area;
      const changes: Record<string, unknown> = {};
      if (v.kind !== a.kind) changes.kind = v.kind;
      if (v.nameJa !== a.nameJa) changes.nameJa = v.nameJa;
      if (v.nameEn !== a.nameEn) changes.nameEn = v.nameEn;
      if ((v.unitId || null) !== a.unitId) changes.unitId = v.unitId || null;
      if (v.description !== a.description) changes.description = v.description;
      if (v.isActive !== a.isActive) changes.isActive = v.isActive;
      if (Object.keys(changes).length === 0) return onDone(null);
      checked = validate(AreaUpdate, changes);
    }
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const saved =
        mode === 'create'
          ? await api.post<Area>('/api/org/areas', checked.data)
          : await api.patch<Area>(`/api/org/areas/${encodeURIComponent((area as Area).id)}`, checked.data);
      onDone(saved);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { id: t.areas.id, kind: t.areas.kind, nameJa: t.areas.nameJa, nameEn: t.areas.nameEn, unitId: t.areas.unit, description: t.areas.description, isActive: t.areas.isActive };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={mode === 'create' ? t.areas.add : t.areas.editTitle(v.nameJa)}>
      <ErrorSummary form={form} labels={labels} />
      {mode === 'create' ? (
        <TextField form={form} name="id" label={t.areas.id} hint={t.common.idHint} required value={v.id} onChange={set('id')} autoCapitalize="none" spellCheck={false} width="max-w-md" />
      ) : null}
      <SelectField form={form} name="kind" label={t.areas.kind} required value={v.kind} onChange={set('kind')} options={kindOptions} placeholder="—" width="max-w-md" />
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="nameJa" label={t.areas.nameJa} required value={v.nameJa} onChange={set('nameJa')} />
        <TextField form={form} name="nameEn" label={t.areas.nameEn} value={v.nameEn} onChange={set('nameEn')} lang="en" />
      </div>
      <SelectField form={form} name="unitId" label={t.areas.unit} value={v.unitId} onChange={set('unitId')} options={unitOptions} placeholder={t.areas.unitNone} width="max-w-xl" />
      <TextArea form={form} name="description" label={t.areas.description} value={v.description} onChange={set('description')} />
      {mode === 'edit' ? <CheckboxField form={form} name="isActive" label={t.areas.isActive} checked={v.isActive} onChange={(c) => setV((s) => ({ ...s, isActive: c }))} /> : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {mode === 'create' ? t.areas.submitCreate : t.common.save}
        </Button>
        <Button variant="secondary" onClick={() => onDone(null)}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
