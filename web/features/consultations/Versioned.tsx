import { useState, type ReactNode } from 'react';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Page';
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

/**
 * A section showing the latest version of something saved as versions (the assessment, the
 * plan), with a button that opens the form for the next version; closing the form returns
 * focus to that button. The form gets `close` and `saved` (close, then tell the page).
 */
export function VersionedSection({
  id, title, canEdit, editLabel, children, form, savedMessage, onDone,
}: {
  id: string;
  title: string;
  canEdit: boolean;
  editLabel: string;
  children: ReactNode;
  form(props: { onCancel(): void; onSaved(version: number): void }): ReactNode;
  savedMessage(version: number): string;
  onDone(message: string): void;
}) {
  const [editing, setEditing] = useState(false);
  const focus = useFocusAfterRender();
  const close = () => {
    setEditing(false);
    focus(`${id}-edit`);
  };
  return (
    <Section
      title={title}
      id={id}
      actions={
        canEdit && !editing ? (
          <Button id={`${id}-edit`} variant="secondary" onClick={() => setEditing(true)}>
            {editLabel}
          </Button>
        ) : null
      }
    >
      {children}
      {editing
        ? form({
            onCancel: close,
            onSaved: (v) => {
              close();
              onDone(savedMessage(v));
            },
          })
        : null}
    </Section>
  );
}
