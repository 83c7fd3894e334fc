/**
 * The one clock of access decisions (grants, term ends, deadlines that open or close access).
 * Production reads the system time; a test sets the time to walk a grant or a ladder through
 * its days (`setClock`). SQL that decides access compares against `clockNow()` passed as a
 * parameter, never against the database's `now()`, so both move together.
 */
let fixedAt: number | null = null;
let offsetMs = 0;

/** The current time in milliseconds since the epoch. */
export function clockNow(): number {
  return fixedAt ?? Date.now() + offsetMs;
}

/** The current time as a Date. */
export function clockDate(): Date {
  return new Date(clockNow());
}

/**
 * Tests only: fix the clock at `at` (a Date or ISO text), or move it by `advanceMs` from the real
 * time with `{ advanceMs }`; `null` returns to the system time. Returns a function that restores it.
 */
export function setClock(at: Date | string | { advanceMs: number } | null): () => void {
  const before = { fixedAt, offsetMs };
  if (at === null) {
    fixedAt = null;
    offsetMs = 0;
  } else if (typeof at === 'object' && 'advanceMs' in at) {
    fixedAt = null;
    offsetMs = at.advanceMs;
  } else {
    fixedAt = new Date(at).getTime();
    offsetMs = 0;
  }
  return () => {
    fixedAt = before.fixedAt;
    offsetMs = before.offsetMs;
  };
}
