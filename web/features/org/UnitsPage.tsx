import { useMemo, useState, type FormEvent } from 'react';
import { type Unit, UnitCreate, UnitKind, UnitUpdate } from '../../../core/contracts/org';
import { Tier } from '../../../core/contracts/common';
import { api } from '../../lib/api';
import { useFocusAfterRender } from '../../lib/focus';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge, TierBadge } from '../../ui/Badge';
import { Button, EditButton } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { buildTree, flatten, subtreeIds, type UnitNode } from './tree';

type UnitPage = { items: Unit[]; total: number };

/** The organisation tree: every unit with its tier; add, edit, move and deactivate with org.manage. */
export function UnitsPage() {
  const { t, pickName } = useI18n();
  const { can } = useSession();
  const manage = can('org.manage');
  const units = useApi<UnitPage>('/api/org/units');
  const [message, setMessage] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const focus = useFocusAfterRender();
  const tree = useMemo(() => buildTree(units.data?.items ?? []), [units.data]);

  return (
    <Page title={t.units.title} lead={t.units.lead}>
      {!manage ? <Notice tone="info">{t.units.readOnly}</Notice> : null}
      <Notice tone="success">{message}</Notice>
      {manage ? (
        <div className="flex flex-col gap-4">
          <div>
            <Button
              id="unit-add-toggle"
              variant={adding ? 'secondary' : 'primary'}
              aria-expanded={adding}
              aria-controls="unit-add-form"
              onClick={() => {
                setAdding((a) => !a);
                setMessage(null);
              }}
            >
              {adding ? t.common.cancel : t.units.add}
            </Button>
          </div>
          <div id="unit-add-form" hidden={!adding}>
            {adding ? (
              <Section title={t.units.addTitle} id="unit-add">
                <UnitCreateForm
                  tree={tree}
                  onCreated={(u) => {
                    setAdding(false);
                    setMessage(t.units.createdMessage(pickName(u)));
                    units.reload();
                    focus('unit-add-toggle');
                  }}
                />
              </Section>
            ) : null}
          </div>
        </div>
      ) : null}
      <Section title={t.units.tree} id="unit-tree" actions={units.data ? <span className="text-std-16N-170 text-solid-gray-700">{t.units.count(units.data.total)}</span> : null}>
        {units.loading && !units.data ? <Loading /> : null}
        {units.error ? <Notice tone="error">{units.error.message}</Notice> : null}
        <UnitList
          nodes={tree}
          tree={tree}
          manage={manage}
          editing={editing}
          onEdit={(id) => {
            setEditing(editing === id ? null : id);
            setMessage(null);
          }}
          onClose={(u, saved) => {
            setEditing(null);
            if (saved) {
              setMessage(t.units.savedMessage(pickName(saved)));
              units.reload();
            }
            focus(`unit-edit-${u.id}`);
          }}
        />
      </Section>
    </Page>
  );
}

function UnitList({
  nodes,
  tree,
  manage,
  editing,
  onEdit,
  onClose,
}: {
  nodes: UnitNode[];
  tree: UnitNode[];
  manage: boolean;
  editing: string | null;
  onEdit(id: string): void;
  onClose(u: Unit, saved: Unit | null): void;
}) {
  const { t, pickName } = useI18n();
  if (nodes.length === 0) return null;
  const nested = (nodes[0]?.depth ?? 0) > 0;
  return (
    <ul className={nested ? 'ml-1 border-l-2 border-solid-gray-200 pl-2 md:ml-6 md:pl-4' : ''} data-testid={nested ? undefined : 'unit-tree'}>
      {nodes.map(({ unit, children }) => {
        const name = pickName(unit);
        return (
          <li key={unit.id} data-unit-id={unit.id}>
            <div className={`flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-solid-gray-200 py-3 ${unit.isActive ? '' : 'text-solid-gray-700'}`}>
              <span className="text-std-16B-170">{name}</span>
              <TierBadge tier={unit.tier} />
              <span className="text-dns-14N-130 text-solid-gray-700">{t.unitKinds[unit.kind]}</span>
              {unit.phone ? <span className="text-dns-14N-130 text-solid-gray-800">{t.units.phoneLabel(unit.phone)}</span> : null}
              {!unit.isActive ? <Badge tone="gray">{t.units.inactiveBadge}</Badge> : null}
              {/* A unit's code is for those who administer units; everyone else knows it by name. */}
              {manage ? <span className="font-mono text-mono-14N-150 text-solid-gray-700">{unit.id}</span> : null}
              {manage ? (
                <EditButton
                  id={`unit-edit-${unit.id}`}
                  className="ml-auto min-h-9 py-0"
                  label={t.common.edit}
                  subject={name}
                  open={editing === unit.id}
                  onClick={() => onEdit(unit.id)}
                />
              ) : null}
            </div>
            {editing === unit.id ? (
              <div className="my-3 rounded-8 border-2 border-blue-900 p-3 md:p-4">
                <UnitEditForm unit={unit} tree={tree} onClose={(saved) => onClose(unit, saved)} />
              </div>
            ) : null}
            {children.length > 0 ? <UnitList nodes={children} tree={tree} manage={manage} editing={editing} onEdit={onEdit} onClose={onClose} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function useParentOptions(tree: UnitNode[], exclude: Set<string> = new Set()) {
  const { t, pickName } = useI18n();
  return flatten(tree)
    .filter((n) => !exclude.has(n.unit.id))
    .map((n) => ({ value: n.unit.id, label: `${'　'.repeat(n.depth)}${pickName(n.unit)}（${t.tiers[n.unit.tier]}）` }));
}

const CREATE_FIELDS = ['id', 'parentId', 'tier', 'kind', 'nameJa', 'nameEn', 'phone', 'sortOrder'] as const;

function UnitCreateForm({ tree, onCreated }: { tree: UnitNode[]; onCreated(u: Unit): void }) {
  const { t } = useI18n();
  const form = useFormErrors(CREATE_FIELDS);
  const [v, setV] = useState({ id: '', parentId: '', tier: '', kind: '', nameJa: '', nameEn: '', phone: '', sortOrder: '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const parentOptions = useParentOptions(tree);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      id: v.id.trim(),
      parentId: v.parentId || null,
      tier: v.tier,
      kind: v.kind,
      nameJa: v.nameJa,
      nameEn: v.nameEn,
      phone: v.phone,
      ...(v.sortOrder.trim() ? { sortOrder: Number(v.sortOrder) } : {}),
    };
    const checked = validate(UnitCreate, body);
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      onCreated(await api.post<Unit>('/api/org/units', checked.data));
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { id: t.units.id, parentId: t.units.parent, tier: t.units.tier, kind: t.units.kind, nameJa: t.units.nameJa, nameEn: t.units.nameEn, phone: t.units.phone, sortOrder: t.units.sortOrder };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={t.units.addTitle}>
      <ErrorSummary form={form} labels={labels} />
      <TextField form={form} name="id" label={t.units.id} hint={t.common.idHint} required value={v.id} onChange={set('id')} autoCapitalize="none" spellCheck={false} width="max-w-md" />
      <SelectField form={form} name="parentId" label={t.units.parent} hint={t.units.parentHint} value={v.parentId} onChange={set('parentId')} options={parentOptions} placeholder={t.units.parentNone} width="max-w-xl" />
      <div className="grid gap-5 md:grid-cols-2">
        <SelectField form={form} name="tier" label={t.units.tier} required value={v.tier} onChange={set('tier')} placeholder="—" options={Tier.options.map((x) => ({ value: x, label: t.tiers[x] }))} />
        <SelectField form={form} name="kind" label={t.units.kind} required value={v.kind} onChange={set('kind')} placeholder="—" options={UnitKind.options.map((x) => ({ value: x, label: t.unitKinds[x] }))} />
      </div>
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="nameJa" label={t.units.nameJa} required value={v.nameJa} onChange={set('nameJa')} />
        <TextField form={form} name="nameEn" label={t.units.nameEn} value={v.nameEn} onChange={set('nameEn')} lang="en" />
      </div>
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="phone" label={t.units.phone} hint={t.units.phoneHint} value={v.phone} onChange={set('phone')} type="tel" autoComplete="off" />
        <TextField form={form} name="sortOrder" label={t.units.sortOrder} hint={t.units.sortOrderHint} value={v.sortOrder} onChange={set('sortOrder')} inputMode="numeric" width="max-w-40" />
      </div>
      <div>
        <Button type="submit" disabled={busy}>
          {t.units.submitCreate}
        </Button>
      </div>
    </form>
  );
}

const EDIT_FIELDS = ['parentId', 'nameJa', 'nameEn', 'phone', 'sortOrder', 'isActive'] as const;

function UnitEditForm({ unit, tree, onClose }: { unit: Unit; tree: UnitNode[]; onClose(saved: Unit | null): void }) {
  const { t, pickName } = useI18n();
  const form = useFormErrors(EDIT_FIELDS);
  const [v, setV] = useState({ parentId: unit.parentId ?? '', nameJa: unit.nameJa, nameEn: unit.nameEn, phone: unit.phone, sortOrder: String(unit.sortOrder), isActive: unit.isActive });
  const [busy, setBusy] = useState(false);
  const set = (k: 'parentId' | 'nameJa' | 'nameEn' | 'phone' | 'sortOrder') => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const parentOptions = useParentOptions(tree, subtreeIds(tree, unit.id));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    if ((v.parentId || null) !== unit.parentId) changes.parentId = v.parentId || null;
    if (v.nameJa !== unit.nameJa) changes.nameJa = v.nameJa;
    if (v.nameEn !== unit.nameEn) changes.nameEn = v.nameEn;
    if (v.phone !== unit.phone) changes.phone = v.phone;
    if (v.sortOrder.trim() !== String(unit.sortOrder)) changes.sortOrder = v.sortOrder.trim() === '' ? Number.NaN : Number(v.sortOrder);
    if (v.isActive !== unit.isActive) changes.isActive = v.isActive;
    if (Object.keys(changes).length === 0) return onClose(null);
    const checked = validate(UnitUpdate, { ...changes, expectedUpdatedAt: unit.updatedAt });
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      onClose(await api.patch<Unit>(`/api/org/units/${encodeURIComponent(unit.id)}`, checked.data));
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { parentId: t.units.parent, nameJa: t.units.nameJa, nameEn: t.units.nameEn, phone: t.units.phone, sortOrder: t.units.sortOrder, isActive: t.units.isActive };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={t.units.editTitle(pickName(unit))}>
      <h3 className="text-std-18B-160">{t.units.editTitle(pickName(unit))}</h3>
      <ErrorSummary form={form} labels={labels} />
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="nameJa" label={t.units.nameJa} required value={v.nameJa} onChange={set('nameJa')} />
        <TextField form={form} name="nameEn" label={t.units.nameEn} value={v.nameEn} onChange={set('nameEn')} lang="en" />
      </div>
      <SelectField form={form} name="parentId" label={t.units.parent} hint={t.units.parentHint} value={v.parentId} onChange={set('parentId')} options={parentOptions} placeholder={t.units.parentNone} width="max-w-xl" />
      <div className="grid gap-5 md:grid-cols-2">
        <TextField form={form} name="phone" label={t.units.phone} hint={t.units.phoneHint} value={v.phone} onChange={set('phone')} type="tel" autoComplete="off" />
        <TextField form={form} name="sortOrder" label={t.units.sortOrder} hint={t.units.sortOrderHint} value={v.sortOrder} onChange={set('sortOrder')} inputMode="numeric" width="max-w-40" />
      </div>
      <CheckboxField form={form} name="isActive" label={t.units.isActive} hint={t.units.isActiveHint} checked={v.isActive} onChange={(c) => setV((s) => ({ ...s, isActive: c }))} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {t.common.save}
        </Button>
        <Button variant="secondary" onClick={() => onClose(null)}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
