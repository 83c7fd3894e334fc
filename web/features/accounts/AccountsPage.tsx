import { useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type Account, AccountCreate, AccountUpdate, type Role as RoleSchema } from '../../../core/contracts/accounts';
import type { Area, Unit } from '../../../core/contracts/org';
import type { Reach } from '../../../core/permissions';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button, EditButton } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { buildTree, flatten } from '../org/tree';
import { PendingChanges } from './PendingChanges';

type Role = z.infer<typeof RoleSchema>;
type PageOf<T> = { items: T[]; total: number };

interface Catalogue {
  roles: Role[];
  units: Unit[];
  areas: Area[];
}

/** Staff accounts: list (accounts.read), create and edit (accounts.manage). */
export function AccountsPage() {
  const { t, pickName, locale } = useI18n();
  const { can } = useSession();
  const manage = can('accounts.manage');
  const accounts = useApi<PageOf<Account>>('/api/accounts');
  const roles = useApi<PageOf<Role>>('/api/roles');
  const units = useApi<PageOf<Unit>>(can('org.read') ? '/api/org/units' : null);
  const areas = useApi<PageOf<Area>>(can('org.read') ? '/api/org/areas' : null);
  const [message, setMessage] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const focus = useFocusAfterRender();

  const catalogue: Catalogue = useMemo(
    () => ({ roles: roles.data?.items ?? [], units: units.data?.items ?? [], areas: areas.data?.items ?? [] }),
    [roles.data, units.data, areas.data],
  );
  const roleName = (code: string) => {
    const r = catalogue.roles.find((x) => x.code === code);
    return r ? pickName(r) : code;
  };
  const unitName = (id: string) => {
    const u = catalogue.units.find((x) => x.id === id);
    return u ? pickName(u) : id;
  };
  const areaName = (id: string) => {
    const a = catalogue.areas.find((x) => x.id === id);
    return a ? pickName(a) : id;
  };

  return (
    <Page title={t.accounts.title} lead={t.accounts.lead}>
      {!manage ? <Notice tone="info">{t.accounts.readOnly}</Notice> : null}
      <Notice tone="success">{message}</Notice>
      {manage ? (
        <div className="flex flex-col gap-4">
          <div>
            <Button id="account-add-toggle" aria-expanded={adding} aria-controls="account-add-form" variant={adding ? 'secondary' : 'primary'} onClick={() => setAdding((a) => !a)}>
              {adding ? t.common.cancel : t.accounts.add}
            </Button>
          </div>
          <div id="account-add-form" hidden={!adding}>
            {adding ? (
              <Section title={t.accounts.add} id="account-add">
                <AccountForm
                  mode="create"
                  catalogue={catalogue}
                  onDone={(a) => {
                    setAdding(false);
                    if (a) {
                      setMessage(a.pendingChanges.length ? `${t.accounts.createdMessage(a.displayName)} ${t.accounts.pending.waiting(a.displayName)}` : t.accounts.createdMessage(a.displayName));
                      accounts.reload();
                    }
                    focus('account-add-toggle');
                  }}
                />
              </Section>
            ) : null}
          </div>
        </div>
      ) : null}

      {manage && accounts.data ? <PendingChanges key={accounts.data.items.map((a) => a.pendingChanges.length).join('.')} accounts={accounts.data.items} roleName={roleName} onDecided={() => accounts.reload()} /> : null}

      <Section title={t.accounts.list} id="account-list" actions={accounts.data ? <span className="text-std-16N-170 text-solid-gray-700">{t.accounts.count(accounts.data.total)}</span> : null}>
        {accounts.error ? <Notice tone="error">{accounts.error.message}</Notice> : null}
        {accounts.loading && !accounts.data ? <Loading /> : null}
        {accounts.data ? (
          <TableScroll label={t.accounts.list}>
            <table className="w-full border-collapse" data-testid="accounts-table">
              <thead>
                <tr>
                  <th scope="col" className={TH}>{t.accounts.displayName}</th>
                  <th scope="col" className={TH}>{t.accounts.roles}</th>
                  <th scope="col" className={TH}>{t.accounts.units}</th>
                  <th scope="col" className={TH}>{t.accounts.areas}</th>
                  <th scope="col" className={TH}>{t.accounts.twoFactor}</th>
                  <th scope="col" className={TH}>{t.accounts.status}</th>
                  <th scope="col" className={TH}>{t.accounts.termEndsOn}</th>
                  {manage ? <th scope="col" className={TH}>{t.accounts.actions}</th> : null}
                </tr>
              </thead>
              <tbody>
                {accounts.data.items.map((a) => (
                  <tr key={a.id} className={a.isActive ? '' : 'bg-solid-gray-50'}>
                    <th scope="row" className={`${TD} min-w-44 text-left font-normal`}>
                      <span className="block text-dns-16B-130">{a.displayName}</span>
                      <span className="block font-mono text-mono-14N-150 text-solid-gray-700">{a.loginId}</span>
                      {a.isDemo ? <Badge tone="orange">{t.accounts.demo}</Badge> : null}
                    </th>
                    <td className={`${TD} min-w-40`}>{a.roles.map(roleName).join('、')}</td>
                    <td className={`${TD} min-w-40`}>{a.unitIds.map(unitName).join('、')}</td>
                    <td className={`${TD} min-w-32`}>{a.areaIds.map(areaName).join('、')}</td>
                    <td className={`${TD} whitespace-nowrap`}>{a.totpEnabled ? t.accounts.on : t.accounts.off}</td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <span className="flex flex-col items-start gap-1">
                        {a.isActive ? <Badge tone="green">{t.accounts.enabled}</Badge> : <Badge tone="gray">{t.accounts.disabled}</Badge>}
                        {a.lockedUntil ? (
                          <Badge tone="red">
                            {t.accounts.locked}（〜{formatDateTime(a.lockedUntil, locale)}）
                          </Badge>
                        ) : null}
                      </span>
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>{a.termEndsOn ? formatDate(a.termEndsOn, locale) : t.accounts.noTerm}</td>
                    {manage ? (
                      <td className={TD}>
                        <EditButton
                          id={`account-edit-${a.id}`}
                          label={t.common.edit}
                          subject={a.displayName}
                          open={editing?.id === a.id}
                          controls="account-edit"
                          onClick={() => {
                            setEditing(editing?.id === a.id ? null : a);
                            setMessage(null);
                            focus('account-edit-title');
                          }}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </Section>

      {editing ? (
        <Section title={t.accounts.editTitle(editing.displayName)} id="account-edit">
          <AccountForm
            key={editing.id}
            mode="edit"
            account={editing}
            catalogue={catalogue}
            onAction={(a, text) => {
              setEditing(a);
              setMessage(text);
              accounts.reload();
            }}
            onDone={(a) => {
              const id = editing.id;
              setEditing(null);
              if (a) {
                setMessage(a.pendingChanges.length ? `${t.accounts.savedMessage(a.displayName)} ${t.accounts.pending.waiting(a.displayName)}` : t.accounts.savedMessage(a.displayName));
                accounts.reload();
              }
              focus(`account-edit-${id}`);
            }}
          />
        </Section>
      ) : null}
    </Page>
  );
}

/** Same members, any order. */
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

const FIELDS = ['loginId', 'displayName', 'password', 'roles', 'unitIds', 'areaIds', 'termEndsOn', 'isActive'] as const;

function AccountForm({
  mode,
  account,
  catalogue,
  onDone,
  onAction,
}: {
  mode: 'create' | 'edit';
  account?: Account;
  catalogue: Catalogue;
  onDone(saved: Account | null): void;
  onAction?(a: Account, message: string): void;
}) {
  const { t, pickName } = useI18n();
  const form = useFormErrors(FIELDS);
  const [v, setV] = useState({
    loginId: account?.loginId ?? '',
    displayName: account?.displayName ?? '',
    password: '',
    roles: account?.roles ?? [],
    unitIds: account?.unitIds ?? [],
    areaIds: account?.areaIds ?? [],
    termEndsOn: account?.termEndsOn ?? '',
    isActive: account?.isActive ?? true,
  });
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const setText = (k: 'loginId' | 'displayName' | 'password' | 'termEndsOn') => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  const roleOptions = catalogue.roles.map((r) => ({
    value: r.code,
    label: (
      <span>
        <span className="text-std-16B-170">{pickName(r)}</span>
        <span className="block text-dns-14N-130 text-solid-gray-700">
          {t.accounts.reachLabel(t.reach[r.reach as Reach]?.title ?? r.reach)}
          {r.requiresTotp ? `／${t.accounts.requiresTotp}` : ''}
        </span>
      </span>
    ),
  }));
  const unitOptions = flatten(buildTree(catalogue.units)).map((n) => ({ value: n.unit.id, label: `${'　'.repeat(n.depth)}${pickName(n.unit)}` }));
  const areaOptions = catalogue.areas.map((a) => ({ value: a.id, label: pickName(a) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    let checked;
    if (mode === 'create') {
      checked = validate(AccountCreate, {
        loginId: v.loginId.trim(),
        displayName: v.displayName,
        password: v.password,
        roles: v.roles,
        unitIds: v.unitIds,
        areaIds: v.areaIds,
        termEndsOn: v.termEndsOn || null,
      });
    } else {
      const a = account as Account;
      const changes: Record<string, unknown> = {};
      if (v.displayName !== a.displayName) changes.displayName = v.displayName;
      if (!same(v.roles, a.roles)) changes.roles = v.roles;
      if (!same(v.unitIds, a.unitIds)) changes.unitIds = v.unitIds;
      if (!same(v.areaIds, a.areaIds)) changes.areaIds = v.areaIds;
      if ((v.termEndsOn || null) !== a.termEndsOn) changes.termEndsOn = v.termEndsOn || null;
      if (v.isActive !== a.isActive) changes.isActive = v.isActive;
      if (Object.keys(changes).length === 0) return onDone(null);
      checked = validate(AccountUpdate, changes);
    }
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const saved =
        mode === 'create'
          ? await api.post<Account>('/api/accounts', checked.data)
          : await api.patch<Account>(`/api/accounts/${encodeURIComponent((account as Account).id)}`, checked.data);
      onDone(saved);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  async function action(body: { unlock: true } | { resetTotp: true }, text: string) {
    setBusy(true);
    try {
      const saved = await api.patch<Account>(`/api/accounts/${encodeURIComponent((account as Account).id)}`, body);
      setConfirmReset(false);
      onAction?.(saved, text);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = {
    loginId: t.accounts.loginId,
    displayName: t.accounts.displayName,
    password: t.accounts.password,
    roles: t.accounts.roles,
    unitIds: t.accounts.units,
    areaIds: t.accounts.areas,
    termEndsOn: t.accounts.termEndsOn,
    isActive: t.accounts.isActive,
  };
  return (
    <div className="flex flex-col gap-6">
      {mode === 'edit' && account && (account.lockedUntil || account.totpEnabled) ? (
        <div className="flex flex-col gap-3 rounded-8 bg-solid-gray-50 p-4">
          {account.lockedUntil ? (
            <div>
              <Button variant="secondary" disabled={busy} onClick={() => void action({ unlock: true }, t.accounts.unlocked)}>
                {t.accounts.unlock}
              </Button>
            </div>
          ) : null}
          {account.totpEnabled ? (
            confirmReset ? (
              <div className="flex flex-col gap-3" role="group" aria-label={t.accounts.resetTotp}>
                <p className="text-std-16N-170">{t.accounts.resetTotpConfirm}</p>
                <div className="flex flex-wrap gap-3">
                  <Button variant="danger" disabled={busy} onClick={() => void action({ resetTotp: true }, t.accounts.resetTotpDone)}>
                    {t.accounts.resetTotpDo}
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirmReset(false)}>
                    {t.common.cancel}
                  </Button>
                </div>
              </div>
            ) : (
              <div>
                <Button variant="danger" onClick={() => setConfirmReset(true)}>
                  {t.accounts.resetTotp}
                </Button>
              </div>
            )
          ) : null}
        </div>
      ) : null}
      <form noValidate onSubmit={submit} className="flex flex-col gap-5" aria-label={mode === 'create' ? t.accounts.add : t.accounts.editTitle(account?.displayName ?? '')}>
        <ErrorSummary form={form} labels={labels} />
        {mode === 'create' ? (
          <TextField form={form} name="loginId" label={t.accounts.loginId} hint={t.accounts.loginIdHint} required value={v.loginId} onChange={setText('loginId')} autoCapitalize="none" autoComplete="off" spellCheck={false} width="max-w-md" />
        ) : null}
        <TextField form={form} name="displayName" label={t.accounts.displayName} required value={v.displayName} onChange={setText('displayName')} autoComplete="off" width="max-w-md" />
        {mode === 'create' ? (
          <TextField form={form} name="password" label={t.accounts.password} hint={t.accounts.passwordHint} required type="password" autoComplete="new-password" value={v.password} onChange={setText('password')} width="max-w-md" />
        ) : null}
        <CheckboxGroup form={form} name="roles" legend={t.accounts.roles} required options={roleOptions} value={v.roles} onChange={(roles) => setV((s) => ({ ...s, roles }))} />
        <div className="grid gap-5 md:grid-cols-2">
          <CheckboxGroup form={form} name="unitIds" legend={t.accounts.units} options={unitOptions} value={v.unitIds} onChange={(unitIds) => setV((s) => ({ ...s, unitIds }))} />
          <CheckboxGroup form={form} name="areaIds" legend={t.accounts.areas} options={areaOptions} value={v.areaIds} onChange={(areaIds) => setV((s) => ({ ...s, areaIds }))} />
        </div>
        <TextField form={form} name="termEndsOn" label={t.accounts.termEndsOn} hint={t.accounts.termEndsOnHint} type="date" value={v.termEndsOn} onChange={setText('termEndsOn')} width="max-w-56" />
        {mode === 'edit' ? <CheckboxField form={form} name="isActive" label={t.accounts.isActive} hint={t.accounts.isActiveHint} checked={v.isActive} onChange={(c) => setV((s) => ({ ...s, isActive: c }))} /> : null}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={busy}>
            {mode === 'create' ? t.accounts.submitCreate : t.common.save}
          </Button>
          <Button variant="secondary" onClick={() => onDone(null)}>
            {t.common.cancel}
          </Button>
        </div>
      </form>
    </div>
  );
}
