import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LoginRequest } from '../../../core/contracts/auth';
import { api, ApiError } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { navigate, safeNext, useLocation } from '../../lib/router';
import { useSession, type Me } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page } from '../../ui/Page';

const FIELDS = ['loginId', 'password', 'totp'] as const;

/**
 * Sign-in: login ID and password; when the server answers `totp_required`, a 6-digit code
 * as well. Server messages (wrong password, locked, term ended) show in the error summary.
 */
export function LoginPage() {
  const { t } = useI18n();
  const { signedIn, notice } = useSession();
  const { search } = useLocation();
  const form = useFormErrors(FIELDS);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);
  const [askedForTotp, setAskedForTotp] = useState(0);

  useEffect(() => {
    if (askedForTotp > 0) totpRef.current?.focus();
  }, [askedForTotp]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { loginId: loginId.trim(), password, ...(needTotp ? { totp: totp.replace(/\s/g, '') } : {}) };
    const checked = validate(LoginRequest, body);
    if (!checked.ok) {
      form.showIssues(checked.issues);
      return;
    }
    setBusy(true);
    try {
      const me = await api.post<Me>('/api/auth/login', checked.data);
      form.clear();
      signedIn(me);
      navigate(me.stage === 'password_change' ? '/account' : me.stage === 'totp_enrolment' ? '/enrol-totp' : safeNext(search.get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        form.clear();
        setNeedTotp(true);
        setAskedForTotp((n) => n + 1);
      } else if (err instanceof ApiError && err.code === 'totp_invalid') {
        setTotp('');
        form.showIssues([{ path: ['totp'], code: 'totp_invalid', message: err.message }]);
      } else {
        if (err instanceof ApiError && err.code === 'invalid_credentials') setPassword('');
        form.showError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const labels = { loginId: t.login.loginId, password: t.login.password, totp: t.login.totp };
  return (
    <Page title={t.login.title} lead={t.login.lead} wide={false}>
      {notice ? <Notice tone="info">{notice === 'signedOut' ? t.layout.signedOut : t.layout.sessionExpired}</Notice> : null}
      <form noValidate onSubmit={submit} className="flex flex-col gap-6 rounded-12 border border-solid-gray-420 p-4 md:p-8" aria-labelledby="login-form-title">
        <h2 id="login-form-title" className="sr-only">
          {t.login.title}
        </h2>
        <ErrorSummary form={form} labels={labels} />
        <TextField
          form={form}
          name="loginId"
          label={t.login.loginId}
          required
          value={loginId}
          onChange={(e) => setLoginId(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          width="max-w-sm"
        />
        <TextField
          form={form}
          name="password"
          label={t.login.password}
          required
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          width="max-w-sm"
        />
        {needTotp ? (
          <div className="flex flex-col gap-3">
            <Notice tone="info">{t.login.totpLead}</Notice>
            <TextField
              ref={totpRef}
              form={form}
              name="totp"
              label={t.login.totp}
              hint={t.login.totpHint}
              required
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              width="max-w-40"
            />
          </div>
        ) : null}
        <div>
          <Button type="submit" disabled={busy}>
            {busy ? t.login.submitting : t.login.submit}
          </Button>
        </div>
        <p className="text-dns-14N-130 text-solid-gray-700">{t.login.forgot}</p>
      </form>
    </Page>
  );
}
