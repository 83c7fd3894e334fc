import { useState } from 'react';
import type { z } from 'zod';
import { useFormErrors, validate } from '../../lib/forms';

/**
 * One action form on a consultation: validate with the contract from core/, send, and show
 * the server's field issues next to their fields (and the rest in the error summary).
 * `onError` may take an error the form explains in its own words (a 409, say).
 */
export function useActionForm(fields: readonly string[]) {
  const form = useFormErrors(fields);
  const [busy, setBusy] = useState(false);
  async function run<S extends z.ZodType>(schema: S, body: unknown, send: (data: z.output<S>) => Promise<void>, onError?: (err: unknown) => boolean): Promise<void> {
    const checked = validate(schema, body);
    if (!checked.ok) {
      form.showIssues(checked.issues);
      return;
    }
    setBusy(true);
    try {
      await send(checked.data);
      form.clear();
    } catch (err) {
      if (!onError?.(err)) form.showError(err);
    } finally {
      setBusy(false);
    }
  }
  return { form, busy, run };
}
