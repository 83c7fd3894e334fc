import { useState, type FormEvent } from 'react';
import { PasswordChangeRequest } from '../../../core/contracts/auth';
import { api } from '../../lib/api';
import { useFormErrors, validate, type IssueLike } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page, Section } from '../../ui/Page';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** My account: change my password (the server's rules explained), and my two-factor state. */
export function PasswordPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const form = useFormErrors(FIELDS);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const checked = validate(PasswordChangeRequest, { currentPassword: current, newPassword: next });
    const issues: IssueLike[] = checked.ok ? [] : [...checked.issues];
    if (!again) issues.push({ path: ['confirmPassword'], code: 'too_small', message: '>=1 characters', minimum: 1 });
    else if (next && again !== next) issues.push({ path: ['confirmPassword'], code: 'mismatch', message: 'mismatch' });
    if (issues.length > 0 || !checked.ok) {
      form.showIssues(issues.map((i) => (i.code === 'mismatch' ? { ...i, code: 'literal', message: t.issues.mismatch } : i)));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/me/password', checked.data);
      form.clear();
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { currentPassword: t.password.current, newPassword: t.password.next, confirmPassword: t.password.confirm };
  return (
    <Page title={t.password.title} wide={false}>
      <Notice tone="success">{done ? t.password.done : null}</Notice>
      <Section title={t.password.title} id="password-change">
        <div className="rounded-8 bg-blue-50 p-4">
          <p className="text-std-16B-170">{t.password.lead}</p>
          <ul className="mt-2 list-disc pl-6 text-std-16N-170" id="password-rules">
            {t.password.rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
        <form noValidate onSubmit={submit} className="flex flex-col gap-6">
          <ErrorSummary form={form} labels={labels} />
          {/* For password managers: which account this password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={me?.loginId ?? ''} readOnly hidden />
          <TextField form={form} name="currentPassword" label={t.password.current} required type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} width="max-w-md" />
          <TextField form={form} name="newPassword" label={t.password.next} hint={t.password.rules[0]} required type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} width="max-w-md" />
          <TextField form={form} name="confirmPassword" label={t.password.confirm} hint={t.password.confirmHint} required type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} width="max-w-md" />
          <div>
            <Button type="submit" disabled={busy}>
              {t.password.submit}
            </Button>
          </div>
        </form>
      </Section>
      <Section title={t.password.twoFactorTitle} id="two-factor">
        <p className="text-std-16N-170">{me?.totpEnabled ? t.password.twoFactorOn : t.password.twoFactorOff}</p>
        {me && !me.totpEnabled ? (
          <p>
            <Link href="/enrol-totp">{t.password.twoFactorSetUp}</Link>
          </p>
        ) : null}
      </Section>
    </Page>
  );
}
