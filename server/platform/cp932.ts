import iconv from 'iconv-lite';

/**
 * CP932 (Windows Shift_JIS) as municipal systems read and write it. iconv-lite writes `?`
 * for a character CP932 cannot hold and says nothing (docs/japanese-text.md, STACK.md
 * gotcha 7), so every text bound for CP932 goes through here: characters are mapped where
 * CP932 has the same character under another code point, and flagged where it has none.
 */

/**
 * Characters that JIS X 0208 maps to one code point and CP932 to another. A UTF-8 file
 * typed on a Mac or Linux machine has the left one; CP932 holds the right one. They are the
 * same character to a reader, so they are written as CP932's, never as `?`.
 */
export const CP932_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ['\u301C', '\uFF5E'], // 〜 WAVE DASH → ～ FULLWIDTH TILDE
  ['\u2212', '\uFF0D'], // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
  ['\u2016', '\u2225'], // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
  ['\u2014', '\u2015'], // — EM DASH → ― HORIZONTAL BAR
  ['\u00A2', '\uFFE0'], // ¢ → ￠
  ['\u00A3', '\uFFE1'], // £ → ￡
  ['\u00AC', '\uFFE2'], // ¬ → ￢
  ['\u00A5', '\uFFE5'], // ¥ → ￥ (iconv-lite would write 0x5C, which reads back as a backslash)
]);

/** The geta mark: Japanese offices write 〓 where a character (a 外字) could not be printed, so a clerk can find and fix it. */
export const GETA = '〓';

const known = new Map<string, boolean>();

/** True when CP932 holds `ch` (one code point) itself: it survives encode → decode unchanged. */
export function isCp932Char(ch: string): boolean {
  const cached = known.get(ch);
  if (cached !== undefined) return cached;
  const cp = ch.codePointAt(0) ?? 0;
  let ok: boolean;
  // ASCII is CP932's lower half; anything else must come back from a round trip unchanged.
  if (cp < 0x80) ok = true;
  else ok = iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') === ch;
  known.set(ch, ok);
  return ok;
}

/** True when `ch` can be written to CP932, itself or through CP932_EQUIVALENTS. */
export function isCp932Writable(ch: string): boolean {
  return isCp932Char(CP932_EQUIVALENTS.get(ch) ?? ch);
}

/** The distinct characters of `s` that CP932 cannot hold (an IVS counts as a character of its own). */
export function unwritableInCp932(s: string): string[] {
  const out = new Set<string>();
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (!isCp932Writable(ch)) out.add(ch);
  }
  return [...out];
}

/** Text ready for CP932: equivalents mapped, and what CP932 cannot hold replaced with `replacement` (〓). */
export function toCp932Text(s: string, replacement = GETA): { text: string; replaced: string[] } {
  let text = '';
  const replaced: string[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) {
      text += ch;
      continue;
    }
    const mapped = CP932_EQUIVALENTS.get(ch) ?? ch;
    if (isCp932Char(mapped)) text += mapped;
    else {
      text += replacement;
      replaced.push(ch);
    }
  }
  return { text, replaced };
}

/** Encodes text that went through toCp932Text; throws if something would still become `?`. */
export function encodeCp932(text: string): Buffer {
  const buf = iconv.encode(text, 'cp932');
  // A `?` byte that was not a `?` in the text means a character slipped past the check
  // (0x3F is never the second byte of a CP932 double-byte character).
  let questionMarks = 0;
  for (const b of buf) if (b === 0x3f) questionMarks++;
  let expected = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x3f) expected++;
  if (questionMarks !== expected) throw new Error('CP932 encoding would have replaced a character with "?"');
  return buf;
}

/** Decodes CP932 bytes; a malformed sequence becomes U+FFFD, which the caller reports. */
export function decodeCp932(buf: Buffer): string {
  return iconv.decode(buf, 'cp932');
}
