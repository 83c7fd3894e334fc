import { useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import type { PersonSearchResult } from '../../../core/contracts/people';
import { query } from '../../lib/api';
import type { FormController } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { birthText, fullKana, fullName } from '../people/format';
import { getJson } from '../people/http';

export type Person = z.infer<typeof PersonSearchResult>['items'][number];

/** Search the people I may see (the people API) and pick one, or leave the worry unnamed. */
export function PersonPicker({ form, label, person, onPick }: { form: FormController; label: string; person: Person | null; onPick(p: Person | null): void }) {
  const { t, locale } = useI18n();
  const n = t.consultations.intake;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const text = q.trim();
  useEffect(() => {
    if (!text) {
      setFound(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      getJson<z.infer<typeof PersonSearchResult>>(`/api/people${query({ q: text, limit: 10 })}`, ctrl.signal).then(
        (r) => setFound(r.items),
        () => setFound([]),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);

  if (person) {
    return (
      <div className="flex flex-col gap-2 rounded-8 border-l-8 border-blue-900 bg-blue-50 p-3" data-testid="picked-person">
        <p className="text-std-16B-170">{label}</p>
        <p className="text-std-16N-170">
          {fullName(person)}（{fullKana(person)}）・{birthText(person.birthDate, locale)}
          {person.address ? `・${person.address}` : ''}
        </p>
        <div>
          <Button variant="secondary" id={form.idOf('personId')} onClick={() => onPick(null)}>
            {n.unpick}
          </Button>
        </div>
      </div>
    );
  }
  // The search box stands for the field: the error summary's link for personId lands here.
  const inputId = form.idOf('personId');
  const error = form.errors.fields.personId;
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={inputId} className="text-std-16B-170">
        {n.personSearch}
      </label>
      <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
        {n.personSearchHint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="text-dns-16B-130 text-red-900">
          <span className="sr-only">{t.common.errorPrefix}</span>
          {error}
        </p>
      ) : null}
      <input
        id={inputId}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? true : undefined}
        autoComplete="off"
        className="block w-full max-w-xl rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 aria-[invalid=true]:border-2 aria-[invalid=true]:border-red-900"
      />
      <div aria-live="polite">
        {found && found.length === 0 ? <p className="text-std-16N-170">{n.personNone}</p> : null}
        {found && found.length > 0 ? (
          <ul className="flex flex-col gap-2" aria-label={n.personResults}>
            {found.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-8 border border-solid-gray-420 p-2">
                <span className="text-std-16N-170">
                  {fullName(p)}（{fullKana(p)}）・{birthText(p.birthDate, locale)}
                </span>
                <Button variant="secondary" className="min-h-9 py-0" aria-label={`${n.pick}：${fullName(p)}`} onClick={() => onPick(p)}>
                  {n.pick}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
