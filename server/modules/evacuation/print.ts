import PDFDocument from 'pdfkit';
import { EVACUATION_LABELS, NO_LIABILITY_NOTICE } from '../../../core/contracts/evacuation';
import { formatWareki } from '../../../core/japanese';
import { AppError } from '../../platform/errors';
import { findJapaneseFont } from '../helpers';
import type { PlanBody } from './plans.repo';
import type { RegistrantRow } from './registrants.repo';

/**
 * The printed registry and plans (issue #12 §8): A4 in a Japanese font, every page marked with the
 * copy's number and its recipient and the duty of confidentiality (災害対策基本法 第49条の13), so a
 * page found lying about says whose copy it was. Without a Japanese font the PDF is refused.
 */

export interface CopyMark {
  copyNumber: number;
  recipientName: string;
  issuedOn: string;
}

const SECRECY = '秘密保持義務（災害対策基本法第49条の13）：この写しの内容を正当な理由なく漏らしてはなりません。使用後は返却又は廃棄してください。';
const label = (group: keyof typeof EVACUATION_LABELS, code: string) => (EVACUATION_LABELS[group] as Record<string, readonly [string, string]>)[code]?.[0] ?? code;

function render(fontFile: string, title: string, mark: CopyMark, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const font = findJapaneseFont(fontFile);
  if (!font) throw new AppError('pdf_font_missing', 503);
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${title} 写し第${mark.copyNumber}号`, Creator: 'sasaeai', Producer: 'sasaeai' }, lang: 'ja-JP' } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', font.file, font.family as string);
  const header = () => {
    doc.font('jp').fontSize(9).text(`写し 第${mark.copyNumber}号　交付先：${mark.recipientName}　交付日：${formatWareki(mark.issuedOn)}`, 48, 24, { align: 'right' });
    doc.fontSize(8).text(SECRECY, 48, doc.page.height - 40, { width: doc.page.width - 96, lineBreak: false, height: 12 });
    doc.x = 48;
    doc.y = 48;
  };
  doc.on('pageAdded', header);
  header();
  doc.fontSize(16).text(title, { align: 'center' }).moveDown();
  doc.fontSize(10);
  draw(doc);
  doc.end();
  return done;
}

/** The registry of one district: the 第49条の10 items of each registrant. */
export function registryPdf(fontFile: string, mark: CopyMark, districtName: string, rows: readonly RegistrantRow[]): Promise<Buffer> {
  return render(fontFile, `避難行動要支援者名簿（${districtName}）`, mark, (doc) => {
    doc.text(`掲載 ${rows.length} 名`).moveDown(0.5);
    rows.forEach((r, i) => {
      if (doc.y > doc.page.height - 140) doc.addPage();
      doc.fontSize(11).text(`${i + 1}. ${r.name}（${r.kana}）`);
      doc.fontSize(9).text([
        `生年月日：${r.birth_date ? formatWareki(r.birth_date) : '—'}　性別：${r.sex ? label('sex', r.sex) : '—'}`,
        `住所：${r.address}　電話：${r.phone || '—'}　区域：${r.zone_name ?? '—'}`,
        `事由：${r.reasons.map((x) => `${label('reason', x.code)}（${label('source', x.source)}、${formatWareki(x.confirmedOn)}確認）`).join('、')}`,
        r.mobility ? `避難時の配慮：${r.mobility}` : '',
      ].filter(Boolean).join('\n'), { indent: 12 });
      doc.moveDown(0.4);
    });
  });
}

/** One 個別避難計画, with the plain statement that helpers bear no legal liability. */
export function planPdf(fontFile: string, mark: CopyMark, r: RegistrantRow, plan: { version: number; body: PlanBody; shelterName: string | null; priority: number; reviewOn: string; consentGiven: boolean }): Promise<Buffer> {
  return render(fontFile, '個別避難計画', mark, (doc) => {
    const b = plan.body;
    const line = (k: string, v: string) => doc.text(`${k}：${v || '—'}`);
    line('氏名', `${r.name}（${r.kana}）`);
    line('住所', r.address);
    line('電話', r.phone);
    line('計画の版', `第${plan.version}版　優先度 ${plan.priority}　見直し日 ${formatWareki(plan.reviewOn)}`);
    line('計画情報の提供への同意', plan.consentGiven ? 'あり' : 'なし');
    doc.moveDown(0.5);
    line('避難支援等実施者', b.supporters.map((s) => `${s.name}${s.relation ? `（${s.relation}）` : ''} ${s.phone ?? ''}`).join('、'));
    line('避難先', `${label('shelterKind', b.destinationKind)} ${plan.shelterName ?? ''} ${b.destinationNote ?? ''}`);
    line('避難経路', b.route ?? '');
    line('医療的な配慮', b.medicalNeeds ?? '');
    line('電源を要する機器', (b.powerDevices ?? []).join('、'));
    line('キーパーソン', b.keyPerson ? `${b.keyPerson.name}（${b.keyPerson.relation ?? ''}） ${b.keyPerson.phone}` : '');
    line('緊急連絡先', (b.emergencyContacts ?? []).map((c) => `${c.name} ${c.phone}`).join('、'));
    line('作成者', `${b.authorName}（${label('planAuthorKind', b.authorKind)}）${b.authorOrganisation ?? ''}`);
    doc.moveDown().fontSize(11).text(NO_LIABILITY_NOTICE);
  });
}
