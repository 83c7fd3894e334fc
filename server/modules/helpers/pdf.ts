import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { COURSE_LABELS, labelOf, REQUEST_KIND_LABELS } from '../../../core/helpers/codes';
import { formatWareki } from '../../../core/japanese';
import { AppError } from '../../platform/errors';

/**
 * The module's printed papers, A4 in a Japanese font: a training certificate (修了証) and a
 * receipt (領収書) for paid help. The font is the configured file, else the first Noto CJK
 * font found where Debian's fonts-noto-cjk puts it (CI installs it); without one the PDF is
 * refused with `pdf_font_missing`, never drawn in a font that shows boxes.
 */

const CANDIDATES: readonly { file: string; family?: string }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKjp-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKjp-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf' },
  { file: '/usr/share/fonts/truetype/noto/NotoSansJP-Regular.ttf' },
  { file: '/usr/local/share/fonts/NotoSansJP-Regular.ttf' },
];

/** The font to draw with: the configured file (a .ttc names its Japanese face), else the first candidate that exists. */
export function findJapaneseFont(configured: string): { file: string; family?: string } | null {
  if (configured) return fs.existsSync(configured) ? { file: configured, ...(configured.endsWith('.ttc') ? { family: 'NotoSansCJKjp-Regular' } : {}) } : null;
  return CANDIDATES.find((c) => fs.existsSync(c.file)) ?? null;
}

function render(fontFile: string, draw: (doc: PDFKit.PDFDocument) => void, info: { Title: string }): Promise<Buffer> {
  const font = findJapaneseFont(fontFile);
  if (!font) throw new AppError('pdf_font_missing', 503);
  const doc = new PDFDocument({ size: 'A4', margin: 64, info: { ...info, Creator: 'sasaeai', Producer: 'sasaeai' }, lang: 'ja-JP' } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', font.file, font.family as string);
  doc.font('jp');
  draw(doc);
  doc.end();
  return done;
}

const wareki = (iso: string) => formatWareki(iso);

export interface CertificateInput {
  name: string;
  course: string;
  title: string;
  heldOn: string;
  place: string;
  lecturers: string[];
  certificateNumber: string;
  expiresOn: string | null;
  issuer: string;
}

/** 修了証: who completed which course when, its number, the issuer, and until when it is valid (where it expires). */
export function certificatePdf(fontFile: string, c: CertificateInput): Promise<Buffer> {
  return render(fontFile, (doc) => {
    const w = doc.page.width - 128;
    doc.fontSize(11).text(`第 ${c.certificateNumber} 号`, { align: 'right' });
    doc.moveDown(3).fontSize(36).text('修 了 証', { align: 'center', characterSpacing: 8 });
    doc.moveDown(2).fontSize(24).text(`${c.name}　様`, { align: 'center' });
    doc.moveDown(2).fontSize(14).text(
      `あなたは ${wareki(c.heldOn)} に実施した「${c.title}」（${labelOf(COURSE_LABELS, c.course, 'ja')}）の全課程を修了されたことを証します。`,
      { width: w, lineGap: 6 },
    );
    doc.moveDown(1.5).fontSize(12);
    if (c.place) doc.text(`会場：${c.place}`);
    if (c.lecturers.length > 0) doc.text(`講師：${c.lecturers.join('、')}`);
    doc.text(c.expiresOn ? `有効期限：${wareki(c.expiresOn)}まで` : '有効期限：なし');
    doc.moveDown(4).fontSize(14).text(wareki(c.heldOn), { align: 'right' });
    doc.moveDown(0.5).text(c.issuer, { align: 'right' });
  }, { Title: `修了証 ${c.certificateNumber}` });
}

export interface ReceiptInput {
  receiptNumber: string;
  payer: string;
  amountYen: number;
  kind: string;
  workedOn: string;
  helperName: string;
  issuedOn: string;
  issuer: string;
}

/** 領収書 of 住民参加型在宅福祉サービス: the fee the requester paid for one help, with the date and who helped. */
export function receiptPdf(fontFile: string, r: ReceiptInput): Promise<Buffer> {
  return render(fontFile, (doc) => {
    doc.fontSize(11).text(`No. ${r.receiptNumber}`, { align: 'right' });
    doc.moveDown(2).fontSize(30).text('領 収 書', { align: 'center', characterSpacing: 6 });
    doc.moveDown(2).fontSize(18).text(`${r.payer || '　　　　　　　'}　様`);
    doc.moveDown(1).fontSize(28).text(`金 ${r.amountYen.toLocaleString('ja-JP')} 円`, { align: 'center' });
    doc.moveDown(1).fontSize(12).text('但し、住民参加型在宅福祉サービスの利用料として、上記の金額を正に領収いたしました。');
    doc.moveDown(1);
    doc.text(`内容：${labelOf(REQUEST_KIND_LABELS, r.kind, 'ja')}`);
    doc.text(`実施日：${wareki(r.workedOn)}`);
    doc.text(`担い手：${r.helperName}`);
    doc.moveDown(3).fontSize(14).text(`発行日：${wareki(r.issuedOn)}`, { align: 'right' });
    doc.moveDown(0.5).text(r.issuer, { align: 'right' });
  }, { Title: `領収書 ${r.receiptNumber}` });
}
