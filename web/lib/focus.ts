import { useCallback, useEffect, useState } from 'react';

/**
 * Moves focus to an element by id after the next render: used when a form closes (its
 * buttons vanish) so focus returns to the control that opened it instead of the page body.
 */
export function useFocusAfterRender(): (id: string) => void {
  const [target, setTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(target.id);
    el?.focus();
  }, [target]);
  return useCallback((id: string) => setTarget({ id }), []);
}
