import type { ErrorCode } from '../../../core/errors';

/**
 * Password rules after NIST SP 800-63B §3.1.1.2: at least 12 characters, any characters
 * (spaces and Japanese included), no composition rules, no forced rotation; reject
 * passwords from a common-password list, repetitive or sequential strings, and ones
 * built from context words (the service name, the login ID).
 */
export function checkPassword(password: string, context: { loginId: string; common: ReadonlySet<string> }): ErrorCode | null {
  const chars = [...password.normalize('NFKC')];
  if (chars.length < 12) return 'password_too_short';
  if (chars.length > 128) return 'password_too_long';
  const lower = password.normalize('NFKC').toLowerCase();
  if (context.common.has(lower)) return 'password_common';
  if (new Set(chars).size <= 3) return 'password_common'; // aaaaaaaaaaaa, abababababab
  if (isSequential(lower)) return 'password_common';
  if (context.loginId.length >= 3 && lower.includes(context.loginId.toLowerCase())) return 'password_common'; // built on the login ID
  const words = ['sasaeai', 'ささえあい', 'password', 'passw0rd', context.loginId.toLowerCase()].filter((w) => w.length >= 3);
  const stripped = words.reduce((s, w) => s.split(w).join(''), lower);
  if ([...stripped].length < 6) return 'password_common'; // mostly a context word
  return null;
}

const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv', 'あいうえおかきくけこ'];

/** True when the password is a run of one keyboard or alphabet sequence (either direction). */
function isSequential(s: string): boolean {
  const runs = RUNS.flatMap((r) => [r.repeat(3), [...r].reverse().join('').repeat(3)]);
  return runs.some((r) => r.includes(s));
}

/** After how many failures an account is locked, and until when. */
export function lockoutAfterFailure(failures: number, maxFailures: number, lockoutMinutes: number, now: Date): Date | null {
  return failures >= maxFailures ? new Date(now.getTime() + lockoutMinutes * 60_000) : null;
}

/** A 民生委員's account stops working after the term's last day (in Japan time). */
export function termHasEnded(termEndsOn: string | null, now: Date): boolean {
  if (!termEndsOn) return false;
  const todayInJapan = new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  return todayInJapan > termEndsOn;
}
