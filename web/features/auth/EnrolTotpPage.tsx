import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { TotpConfirmRequest, type TotpEnrolment } from '../../../core/contracts/auth';
import { api } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page, Section } from '../../ui/Page';

type Enrolment = z.infer<typeof TotpEnrolment>;

/** The SVG from the server as a data: URI (the CSP allows data: for images only). */
function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Two-factor enrolment: start (secret + QR), then confirm with a code from the app. */
export function EnrolTotpPage() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const startForm = useFormErrors([]);
  const form = useFormErrors(['totp']);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function start() {
    setBusy(true);
    try {
      setEnrolment(await api.post<Enrolment>('/api/me/totp'));
      startForm.clear();
    } catch (err) {
      startForm.showError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const checked = validate(TotpConfirmRequest, { totp: code.replace(/\s/g, '') });
    if (!checked.ok) {
      form.showIssues(checked.issues);
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/me/totp/confirm', checked.data);
      setDone(true);
      await refresh();
      navigate('/');
    } catch (err) {
      setCode('');
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  if (me?.totpEnabled && !done) {
    return (
      <Page title={t.totp.title} wide={false}>
        <Notice tone="success">{t.totp.alreadyEnabled}</Notice>
        <p>
          <Link href="/">{t.notFound.home}</Link>
        </p>
      </Page>
    );
  }

  const secretGroups = enrolment?.secret.match(/.{1,4}/g)?.join(' ') ?? '';
  return (
    <Page title={t.totp.title} lead={t.totp.lead} wide={false}>
      {me?.stage === 'totp_enrolment' ? <Notice tone="warning">{t.totp.requiredNotice}</Notice> : null}
      <ol className="flex flex-col gap-2 text-std-16N-170">
        <li>{t.totp.step1}</li>
        <li>{t.totp.step2}</li>
        <li>{t.totp.step3}</li>
      </ol>
      <ErrorSummary form={startForm} labels={{}} />
      {!enrolment ? (
        <div>
          <Button onClick={() => void start()} disabled={busy}>
            {busy ? t.totp.starting : t.totp.start}
          </Button>
        </div>
      ) : (
        <Section title={t.totp.scanTitle} id="totp-setup">
          <div className="flex flex-col items-start gap-4 md:flex-row">
            <img src={svgDataUri(enrolment.qrSvg)} alt={t.totp.qrAlt} width={220} height={220} className="size-56 border border-solid-gray-420 bg-white" />
            <div className="flex min-w-0 flex-col gap-2">
              <p className="text-std-16B-170" id="totp-secret-label">
                {t.totp.secretLabel}
              </p>
              <p className="text-dns-14N-130 text-solid-gray-700">{t.totp.secretHint}</p>
              <p aria-labelledby="totp-secret-label" className="rounded-8 bg-solid-gray-50 p-3 font-mono text-mono-17B-150 break-all" data-testid="totp-secret">
                {secretGroups}
              </p>
            </div>
          </div>
          <form noValidate onSubmit={confirm} className="flex flex-col gap-4">
            <ErrorSummary form={form} labels={{ totp: t.totp.code }} />
            <TextField
              form={form}
              name="totp"
              label={t.totp.code}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              width="max-w-40"
            />
            <div>
              <Button type="submit" disabled={busy}>
                {t.totp.confirm}
              </Button>
            </div>
          </form>
        </Section>
      )}
    </Page>
  );
}
