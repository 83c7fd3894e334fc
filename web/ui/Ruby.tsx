import type { ReactNode } from 'react';
import { alignReading } from '../../core/japanese';

/** A ruby segment longer than this may still wrap (a long compound must not push the page sideways at 360 px). */
const KEEP_WHOLE = 12;

/**
 * A name with ふりがな when `on`: the stored reading is cut to sit over the kanji only
 * (core/japanese/ruby.ts), each kanji run kept on one line so a wrap never splits it from its
 * reading. Kana and Latin letters get none. A reading that cannot be placed is left out.
 */
export function Ruby({ text, reading, on }: { text: string; reading: string; on: boolean }): ReactNode {
  if (!on || !reading) return text;
  const segments = alignReading(text, reading);
  if (!segments) return text;
  return segments.map((s, i) =>
    s.reading ? (
      <ruby key={i} className={[...s.text].length <= KEEP_WHOLE ? 'whitespace-nowrap' : undefined}>
        {s.text}
        <rp>（</rp>
        <rt>{s.reading}</rt>
        <rp>）</rp>
      </ruby>
    ) : (
      s.text
    ),
  );
}
