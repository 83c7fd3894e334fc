import type { ImportEncoding, ImportProblem } from '../../../core/contracts/people-import';
import { decodeCp932 } from '../../platform/cp932';

/**
 * Turning the bytes of an uploaded register into text. Municipal systems write CP932
 * (Shift_JIS); newer ones and spreadsheets saved "CSV UTF-8" write UTF-8, often with a BOM.
 * A malformed byte sequence is decoded as U+FFFD, never dropped, so the row that holds it
 * is reported with its line (import.parse.ts) instead of being imported with a wrong name.
 */

export type RequestedEncoding = ImportEncoding | 'auto';

export interface Decoded {
  encoding: ImportEncoding;
  text: string;
  /** Problems of the whole file; `fatal` when nothing can be read from it. */
  problems: ImportProblem[];
  fatal: boolean;
}

const REPLACEMENT = '\uFFFD';

/*
 * CP932's user-defined area (利用者定義文字, where offices put their 外字): lead bytes 0xF0–0xF9,
 * trail bytes 0x40–0x7E and 0x80–0xFC, decoded by Windows to the private-use code points
 * U+E000–U+E757 in order. iconv-lite's table stops at 0xF940 (0xF941–0xF9FC come out as U+FFFD
 * plus a stray ASCII byte), so the area is decoded here, the rest by the platform's decoder.
 */
const GAIJI_LEAD_FIRST = 0xf0;
const GAIJI_LEAD_LAST = 0xf9;
const GAIJI_BASE = 0xe000;
const isLeadByte = (b: number) => (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
const isTrailByte = (b: number) => b >= 0x40 && b <= 0xfc && b !== 0x7f;

function gaijiCodePoint(lead: number, trail: number): number {
  return GAIJI_BASE + (lead - GAIJI_LEAD_FIRST) * 188 + (trail < 0x80 ? trail - 0x40 : trail - 0x41);
}

/** CP932 text with the user-defined area as Windows decodes it (0xF040 → U+E000 … 0xF9FC → U+E757). */
export function decodeCp932WithGaiji(buf: Buffer): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    if (!isLeadByte(b) || i + 1 >= buf.length) continue;
    const trail = buf[i + 1] ?? 0;
    if (b >= GAIJI_LEAD_FIRST && b <= GAIJI_LEAD_LAST && isTrailByte(trail)) {
      out += decodeCp932(buf.subarray(start, i)) + String.fromCodePoint(gaijiCodePoint(b, trail));
      start = i + 2;
    }
    i++; // a lead byte always takes the next byte with it, so a trail byte is never read as a lead
  }
  return out + decodeCp932(buf.subarray(start));
}

const fileProblem = (code: ImportProblem['code'], severity: ImportProblem['severity'], reason: string): ImportProblem => ({
  line: null,
  column: null,
  code,
  severity,
  reason,
});

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** A file that is not a CSV at all (a spreadsheet, UTF-16 text): what it is, in the words a clerk knows. */
function notCsv(buf: Buffer): string | null {
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return 'Excel形式（.xlsx）のファイルです。Excelで「CSV」形式で保存し直してください。';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) return '古いExcel形式（.xls）のファイルです。Excelで「CSV」形式で保存し直してください。';
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    return 'UTF-16（Unicodeテキスト）のファイルです。「CSV UTF-8」または「CSV（Shift_JIS）」で保存し直してください。';
  }
  if (buf.subarray(0, 4096).includes(0)) return 'テキストのCSVファイルではありません（NULバイトを含みます）。';
  return null;
}

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf(REPLACEMENT); i !== -1; i = s.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

const utf8Lenient = new TextDecoder('utf-8'); // strips a BOM, writes U+FFFD for bad bytes
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(buf: Buffer): string {
  return utf8Lenient.decode(buf);
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    utf8Strict.decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a register. `auto`: a UTF-8 BOM or valid UTF-8 means UTF-8; otherwise the
 * decoding with fewer malformed sequences wins, CP932 on a tie (what older systems write).
 * A forced encoding is obeyed, with a warning when the other one would read the file cleanly.
 */
export function decodeRegister(buf: Buffer, requested: RequestedEncoding): Decoded {
  if (buf.length === 0) return { encoding: 'utf8', text: '', problems: [fileProblem('empty_file', 'error', 'ファイルが空です。')], fatal: true };
  const other = notCsv(buf);
  if (other) return { encoding: 'utf8', text: '', problems: [fileProblem('unsupported_file', 'error', other)], fatal: true };

  const hasBom = startsWith(buf, [0xef, 0xbb, 0xbf]);
  if (requested === 'utf8' || (requested === 'auto' && (hasBom || isValidUtf8(buf)))) {
    const text = decodeUtf8(buf);
    const problems: ImportProblem[] = [];
    if (requested === 'utf8' && countReplacements(text) > 0 && !hasBom && countReplacements(decodeCp932WithGaiji(buf)) === 0) {
      problems.push(fileProblem('encoding_suspect', 'warning', 'UTF-8として読めない箇所があります。CP932（Shift_JIS）のファイルではありませんか。文字コード「自動」か「CP932」で取り込み直してください。'));
    }
    return { encoding: 'utf8', text, problems, fatal: false };
  }
  const cp932 = decodeCp932WithGaiji(buf);
  if (requested === 'cp932') {
    const problems: ImportProblem[] = [];
    if ((hasBom || isValidUtf8(buf)) && buf.some((b) => b >= 0x80)) {
      problems.push(fileProblem('encoding_suspect', 'warning', 'このファイルはUTF-8のようです。文字コード「自動」か「UTF-8」で取り込み直してください。'));
    }
    return { encoding: 'cp932', text: cp932, problems, fatal: false };
  }
  const utf8 = decodeUtf8(buf);
  return countReplacements(utf8) < countReplacements(cp932)
    ? { encoding: 'utf8', text: utf8, problems: [], fatal: false }
    : { encoding: 'cp932', text: cp932, problems: [], fatal: false };
}

/** True when decoding replaced bytes of this text (a malformed sequence). */
export function hasMalformedBytes(s: string): boolean {
  return s.includes(REPLACEMENT);
}
