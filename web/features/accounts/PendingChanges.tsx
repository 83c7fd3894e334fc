import { useState } from 'react';
import type { Account, AccountChange } from '../../../core/contracts/accounts';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section, TableScroll, TD, TH } from '../../ui/Page';

/**
 * Changes of accounts waiting for a second administrator (decision 0018): a role that reads
 * personal data, the auditor role, disabling an auditor. Whoever asked for a change, and the
 * account it concerns, cannot approve it; the server refuses them and the page says so.
 */
export function PendingChanges({ accounts, roleName, onDecided }: { accounts: Account[]; roleName: (code: string) => string; onDecided: () => void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const p = t.accounts.pending;
  const changes = useApi<{ items: AccountChange[]; total: number }>('/api/accounts/changes');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const nameOf = (id: string) => accounts.find((a) => a.id === id)?.displayName ?? id;

  async function decide(change: AccountChange, decision: 'approve' | 'reject') {
    setMessage(null);
    try {
      await api.post(`/api/accounts/changes/${change.id}/${decision}`);
      setMessage({ tone: 'success', text: decision === 'approve' ? p.approved(nameOf(change.accountId)) : p.rejected(nameOf(change.accountId)) });
      changes.reload();
      onDecided();
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message });
    }
  }

  const items = changes.data?.items ?? [];
  return (
    <Section title={p.title} id="account-changes">
      <p className="text-std-16N-170">{p.lead}</p>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {changes.error ? <Notice tone="error">{changes.error.message}</Notice> : null}
      {changes.data && items.length === 0 ? <p className="text-std-16N-170">{p.none}</p> : null}
      {items.length > 0 ? (
        <TableScroll label={p.title}>
          <table className="w-full border-collapse" data-testid="account-changes">
            <thead>
              <tr>
                <th scope="col" className={TH}>{t.accounts.displayName}</th>
                <th scope="col" className={TH}>{p.change}</th>
                <th scope="col" className={TH}>{p.requestedBy}</th>
                <th scope="col" className={TH}>{t.accounts.actions}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const mine = c.requestedBy === me?.accountId || c.accountId === me?.accountId;
                return (
                  <tr key={c.id}>
                    <th scope="row" className={`${TD} text-left font-normal`}>{nameOf(c.accountId)}</th>
                    <td className={TD}>{c.kind === 'roles' ? p.roles(c.roles.map(roleName).join('、') || p.noRole) : p.disable}</td>
                    <td className={TD}>
                      {nameOf(c.requestedBy)}（{formatDateTime(c.requestedAt, locale)}）
                    </td>
                    <td className={TD}>
                      {mine ? (
                        <span className="text-std-16N-170">{p.another}</span>
                      ) : (
                        <div className="flex flex-wrap gap-2">
                          <Button aria-label={`${p.approve}：${nameOf(c.accountId)}`} onClick={() => decide(c, 'approve')}>{p.approve}</Button>
                          <Button variant="secondary" aria-label={`${p.reject}：${nameOf(c.accountId)}`} onClick={() => decide(c, 'reject')}>{p.reject}</Button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </Section>
  );
}
