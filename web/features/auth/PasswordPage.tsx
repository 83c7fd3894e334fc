import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { NotifyEmail } from '../../../core/contracts/accounts';
import { PasswordChangeRequest } from '../../../core/contracts/auth';
import { api, request } from '../../lib/api';
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
  const { me, refresh } = useSession();
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
      // A first or reset password: the session moves on (to two-factor enrolment, or the full app).
      if (me?.stage === 'password_change') await refresh();
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { currentPassword: t.password.current, newPassword: t.password.next, confirmPassword: t.password.confirm };
  return (
    <Page title={t.password.pageTitle} wide={false}>
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
      <NotifyEmailSection />
    </Page>
  );
}

const EmailBody = z.strictObject({ email: NotifyEmail });

/** Where my notification mails go (PUT /api/me/email); mails carry only a link, never personal data. */
function NotifyEmailSection() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const r = t.referrals;
  const form = useFormErrors(['email']);
  const [email, setEmail] = useState(me?.email ?? '');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const checked = validate(EmailBody, { email: email.trim() });
    if (!checked.ok) {
      form.showIssues(checked.issues);
      return;
    }
    setBusy(true);
    try {
      const res = await request<{ email: string }>('PUT', '/api/me/email', checked.data);
      form.clear();
      setEmail(res.email);
      setSaved(r.emailSaved(res.email));
      void refresh();
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Section title={r.emailTitle} id="notify-email">
      <p className="text-std-16N-170">{r.emailLead}</p>
      <Notice tone="success">{saved}</Notice>
      <form noValidate onSubmit={submit} aria-label={r.emailTitle} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ email: r.email }} />
        <TextField form={form} name="email" type="email" label={r.email} hint={r.emailHint} autoComplete="email" maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} width="max-w-md" />
        <div>
          <Button type="submit" disabled={busy}>
            {r.emailSave}
          </Button>
        </div>
      </form>
      <dl className="flex flex-col gap-1">
        <dt className="text-std-16B-170">{r.accountId}</dt>
        <dd className="text-mono-14N-150 break-all" data-testid="account-id">
          {me?.accountId}
        </dd>
        <dd className="text-dns-14N-130 text-solid-gray-700">{r.accountIdHint}</dd>
      </dl>
    </Section>
  );
}
