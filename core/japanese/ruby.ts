import { katakanaToHiragana } from './kana';

/**
 * ふりがな over the kanji only. A name's reading is stored whole (美祢市社会福祉協議会 →
 * みねししゃかいふくしきょうぎかい; 厚保地区 ふれあいいきいきサロン → あつちく ふれあいいきいきさろん),
 * but a reader needs it over the kanji it belongs to: kana and Latin letters already say
 * how they sound, and a reading stretched over a whole name breaks apart when the line wraps.
 * `alignReading` cuts the reading at the kana the name itself contains.
 */

/** A piece of a name: kanji with their reading, or text that needs none. */
export interface RubySegment {
  text: string;
  reading?: string;
}

type RunKind = 'kanji' | 'kana' | 'other';

// 々 〆 〇 and ヶ/ヵ (霞ヶ関) are read as part of the kanji around them.
const KANJI = /[\p{Script=Han}々〆〇ヶヵ]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
// Latin letters and digits have a sound of their own in the reading (NPO → えぬぴーおー), so their share of it is unknown.
const SOUNDED = /[\p{L}\p{N}]/u;

function kindOf(ch: string): RunKind {
  if (KANJI.test(ch)) return 'kanji';
  if (KANA.test(ch)) return 'kana';
  return 'other';
}

function runsOf(text: string): { kind: RunKind; text: string }[] {
  const runs: { kind: RunKind; text: string }[] = [];
  for (const ch of text) {
    const kind = kindOf(ch);
    const last = runs.at(-1);
    if (last && last.kind === kind) last.text += ch;
    else runs.push({ kind, text: ch });
  }
  return runs;
}

/** Only the kana of a reading, as hiragana: spaces, dots and brackets carry no sound. */
function readingKana(s: string): string {
  return [...katakanaToHiragana(s.normalize('NFKC'))].filter((ch) => KANA.test(ch)).join('');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The name in segments, each kanji run with its share of the reading, or `null` when the
 * reading cannot be cut without guessing (it does not contain the name's own kana, or a run of
 * Latin letters or digits sits against kanji). Callers then show the name without ふりがな:
 * no reading is better than a wrong one. Where the name and its reading are both split into
 * words (by spaces or ・), word is matched with word.
 */
export function alignReading(text: string, reading: string): RubySegment[] | null {
  const words = text.split(SEPARATORS);
  const spoken = reading.trim().split(SEPARATORS);
  if (words.length > 1 && words.length === spoken.length) {
    const out: RubySegment[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? '';
      // split() with a capturing group keeps the separators at odd positions.
      if (i % 2 === 1) {
        if (w) out.push({ text: w });
        continue;
      }
      const aligned = alignWord(w, spoken[i] ?? '');
      if (!aligned) return alignWord(text, reading);
      out.push(...aligned);
    }
    return out;
  }
  return alignWord(text, reading);
}

const SEPARATORS = /([\s\u3000・]+)/u;
const TRAILING_BRACKET = /^(.*?)([（(][^（）()]*[）)])$/u;

/** One word; a bracketed tail the reading leaves out (（デモ）, （相談支援包括化推進員）) is shown as it is. */
function alignWord(text: string, reading: string): RubySegment[] | null {
  if (text === '') return [];
  const whole = alignRuns(text, reading);
  if (whole) return whole;
  const m = TRAILING_BRACKET.exec(text);
  if (!m?.[1]) return null;
  const head = alignRuns(m[1], reading);
  return head ? [...head, { text: m[2] ?? '' }] : null;
}

function alignRuns(text: string, reading: string): RubySegment[] | null {
  const kana = readingKana(reading);
  if (!kana) return null;
  // Kanji runs split only by punctuation share one reading (美祢市・社協 read as one word): nothing tells where one ends.
  const groups: { kind: RunKind; text: string }[] = [];
  for (const run of runsOf(text)) {
    const last = groups.at(-1);
    const silent = run.kind === 'other' && !SOUNDED.test(run.text);
    if ((silent || run.kind === 'kanji') && last?.kind === 'kanji') last.text += run.text;
    else groups.push({ ...run });
  }
  // A trailing punctuation mark joined to a kanji run belongs outside it again.
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const tail = g.kind === 'kanji' ? (/[^\p{Script=Han}々〆〇ヶヵ]+$/u.exec(g.text)?.[0] ?? '') : '';
    if (tail) {
      g.text = g.text.slice(0, -tail.length);
      groups.splice(i + 1, 0, { kind: 'other', text: tail });
    }
  }
  if (!groups.some((g) => g.kind === 'kanji')) return [{ text }];
  let pattern = '';
  let previousVariable = false;
  for (const g of groups) {
    if (g.kind === 'kana') {
      pattern += escape(readingKana(g.text));
      previousVariable = false;
    } else if (g.kind === 'kanji' || SOUNDED.test(g.text)) {
      // Two runs of unknown length side by side: where the first one's reading ends is a guess.
      if (previousVariable) return null;
      // Every kanji is read with at least one kana, which keeps a short kana like の inside a reading from ending it early.
      pattern += g.kind === 'kanji' ? `(.{${[...g.text].filter((ch) => KANJI.test(ch)).length},}?)` : '(.*?)';
      previousVariable = true;
    }
  }
  const m = new RegExp(`^${pattern}$`, 'u').exec(kana);
  if (!m) return null;
  let i = 1;
  return groups.map((g) => {
    if (g.kind === 'kanji') return { text: g.text, reading: m[i++] ?? '' };
    if (g.kind === 'other' && SOUNDED.test(g.text)) i++;
    return { text: g.text };
  });
}
