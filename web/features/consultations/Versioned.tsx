import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import type { useActionForm } from './action';

/** A 409 from a versioned save: someone else saved first; the form keeps what the user typed. */
export function conflictHandler(form: ReturnType<typeof useActionForm>['form'], message: string) {
  return (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      form.showIssues([], message);
      return true;
    }
    return false;
  };
}

/** Which version is shown, by whom and when. */
export function Version({ v, byName, at }: { v: number; byName: string | null; at: string }) {
  const { t, locale } = useI18n();
  return (
    <p className="text-dns-14N-130 text-solid-gray-800" data-testid="version">
      {t.consultations.work.versionLine(v, byName ?? '', formatDateTime(at, locale))}
    </p>
  );
}

/** The path of one consultation in the API. */
export const consultationApi = (id: string, rest = '') => `/api/consultations/${encodeURIComponent(id)}${rest ? `/${rest}` : ''}`;
