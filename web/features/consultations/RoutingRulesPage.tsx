import { useEffect, useState, type FormEvent } from 'react';
import { RoutingRules, type RoutingRule } from '../../../core/contracts/consultations';
import type { Unit } from '../../../core/contracts/org';
import { ApiError, request } from '../../lib/api';
import { useFormErrors } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';

const DOOR_KINDS = ['public', 'district_council', 'centre', 'hub', 'agency', 'council', 'division', '*'] as const;
const STRATEGIES = ['door', 'address_district', 'unit'] as const;
const CONTROL = 'block w-full rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170 appearance-auto';

/** The field name the server and the schema use for one cell, so errors land next to it (rules.2.unitId). */
const cell = (i: number, field: string) => `rules.${i}.${field}`;

/** Issues name `rules.<i>.<field>` (client and server alike); the form knows each cell by that one name. */
const remap = <I extends { path: (string | number)[] }>(issues: readonly I[]): I[] =>
  issues.map((i) => (i.path[0] === 'rules' && typeof i.path[1] === 'number' ? { ...i, path: [cell(i.path[1], String(i.path[2] ?? 'priority'))] } : i));

/**
 * 振り分けルール: which unit owns a new consultation (routing is data, docs/consultations.md).
 * Rules run by priority; the first whose door matches decides.
 */
export function RoutingRulesPage() {
  const { t } = useI18n();
  const r = t.routing;
  const loaded = useApi<{ rules: RoutingRule[] }>('/api/consultations/routing-rules');
  const units = useApi<{ items: Unit[] }>('/api/org/units');
  const [rules, setRules] = useState<RoutingRule[] | null>(null);
  const [saved, setSaved] = useState(false);
  const fieldNames = (rules ?? []).flatMap((_, i) => ['priority', 'doorKind', 'strategy', 'unitId', 'fallbackUnitId'].map((f) => cell(i, f)));
  const form = useFormErrors(['rules', ...fieldNames]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data && rules === null) setRules(loaded.data.rules);
  }, [loaded.data, rules]);
  if (!rules || !units.data) return <Page title={r.title}>{loaded.error ? <Notice tone="error">{loaded.error.message}</Notice> : <Loading />}</Page>;
  const unitOptions = units.data.items.filter((u) => u.isActive);
  const set = (i: number, patch: Partial<RoutingRule>) => {
    setSaved(false);
    setRules((l) => (l ?? []).map((x, j) => (j === i ? { ...x, ...patch } : x)));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = RoutingRules.safeParse({ rules });
    if (!checked.success) return form.showIssues(remap(checked.error.issues.map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) }))));
    setBusy(true);
    try {
      const out = await request<{ rules: RoutingRule[] }>('PUT', '/api/consultations/routing-rules', checked.data);
      form.clear();
      setRules(out.rules);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) form.showIssues(remap(err.issues), err.code === 'validation_failed' ? null : err.message);
      else form.showError(err);
    } finally {
      setBusy(false);
    }
  };
  const labels = Object.fromEntries(rules.flatMap((_, i) => [
    [cell(i, 'priority'), r.row(i + 1, r.priority)], [cell(i, 'doorKind'), r.row(i + 1, r.doorKind)], [cell(i, 'strategy'), r.row(i + 1, r.strategy)],
    [cell(i, 'unitId'), r.row(i + 1, r.unit)], [cell(i, 'fallbackUnitId'), r.row(i + 1, r.fallback)],
  ]));
  const unitSelect = (i: number, field: 'unitId' | 'fallbackUnitId', label: string) => (
    <label className="flex min-w-0 flex-col gap-1">
      <span className="text-dns-14B-130">{label}</span>
      <select id={form.idOf(cell(i, field))} value={rules[i]?.[field] ?? ''} onChange={(e) => set(i, { [field]: e.target.value || null })} className={CONTROL} aria-invalid={form.errors.fields[cell(i, field)] ? true : undefined}>
        <option value="">{r.none}</option>
        {unitOptions.map((u) => (
          <option key={u.id} value={u.id}>
            {u.nameJa}
          </option>
        ))}
      </select>
      {form.errors.fields[cell(i, field)] ? <span className="text-dns-14B-130 text-red-900">{form.errors.fields[cell(i, field)]}</span> : null}
    </label>
  );
  return (
    <Page title={r.title} lead={r.lead}>
      {saved ? <Notice tone="success">{r.saved}</Notice> : null}
      <form noValidate onSubmit={(e) => void submit(e)} aria-label={r.title} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ rules: r.title, ...labels }} />
        <Section title={r.rulesTitle}>
          <ol className="flex flex-col gap-3" data-testid="routing-rules">
            {rules.map((rule, i) => (
              <li key={i} className="grid gap-3 rounded-8 border border-solid-gray-420 p-3 sm:grid-cols-2 lg:grid-cols-6">
                <label className="flex flex-col gap-1">
                  <span className="text-dns-14B-130">{r.priority}</span>
                  <input id={form.idOf(cell(i, 'priority'))} type="number" min={0} max={9999} value={rule.priority} onChange={(e) => set(i, { priority: Number(e.target.value) })} className={CONTROL} />
                </label>
                <label className="flex flex-col gap-1 lg:col-span-1">
                  <span className="text-dns-14B-130">{r.doorKind}</span>
                  <select id={form.idOf(cell(i, 'doorKind'))} value={rule.doorKind} onChange={(e) => set(i, { doorKind: e.target.value })} className={CONTROL}>
                    {DOOR_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {r.doorKinds[k]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1 lg:col-span-1">
                  <span className="text-dns-14B-130">{r.strategy}</span>
                  <select id={form.idOf(cell(i, 'strategy'))} value={rule.strategy} onChange={(e) => set(i, { strategy: e.target.value as RoutingRule['strategy'] })} className={CONTROL}>
                    {STRATEGIES.map((k) => (
                      <option key={k} value={k}>
                        {r.strategies[k]}
                      </option>
                    ))}
                  </select>
                </label>
                {unitSelect(i, 'unitId', r.unit)}
                {unitSelect(i, 'fallbackUnitId', r.fallback)}
                <div className="flex items-end">
                  <Button variant="tertiary" aria-label={r.removeRow(i + 1)} onClick={() => (setSaved(false), setRules((l) => (l ?? []).filter((_, j) => j !== i)))}>
                    {r.remove}
                  </Button>
                </div>
              </li>
            ))}
          </ol>
          <div>
            <Button
              variant="secondary"
              onClick={() => {
                setSaved(false);
                setRules((l) => [...(l ?? []), { priority: Math.max(0, ...(l ?? []).map((x) => x.priority)) + 10, doorKind: '*', strategy: 'address_district', unitId: null, fallbackUnitId: null }]);
              }}
            >
              {r.add}
            </Button>
          </div>
        </Section>
        <div>
          <Button type="submit" disabled={busy}>
            {r.save}
          </Button>
        </div>
      </form>
    </Page>
  );
}
