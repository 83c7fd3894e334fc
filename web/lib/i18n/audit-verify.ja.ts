import type { AuditProblemKind } from '../../../core/contracts/audit';

/** The audit log's verification report (docs/decisions/0006-audit-sealer.md) in Japanese. */
export const auditVerifyJa = {
  id: '記録番号',
  seq: '連鎖の通番',
  pending: '封印待ち',
  pendingHint: '書き込みから約1秒で連鎖に封印されます',
  showing: (from: number, to: number) => `（記録番号 ${from}〜${to} を表示）`,
  summaryOk: (n: number) => `検証しました：${n} 件の記録に改ざんはありません。`,
  summaryBroken: (n: number) => `改ざんの可能性があります：${n} 件の不整合が見つかりました。`,
  head: (seq: number, at: string) => `連鎖の先頭：通番 ${seq}（${at} 封印）`,
  unsealed: (n: number, lag: number) => `封印待ちの記録 ${n} 件（それぞれのハッシュは確認済み、最も古いものは ${lag} 秒前）`,
  allSealed: 'すべての記録が封印されています。',
  sealerLastRun: (at: string) => `封印処理の最終実行：${at}`,
  anchors: (n: number, seq: number, at: string) => `署名付き先頭（アンカー）${n} 件を確認しました。最新：通番 ${seq}（${at} 署名）`,
  noAnchors: '署名付き先頭（アンカー）はまだありません。',
  keyIds: (ids: string) => `確認に使った公開鍵の鍵ID：${ids}（紙に控えた鍵IDと照合してください）`,
  problemsTitle: '見つかった不整合',
  more: (n: number) => `ほか ${n} 件`,
  where: { seq: (s: number) => `通番 ${s}`, range: (a: number, b: number) => `通番 ${a}〜${b}`, id: (id: number) => `記録番号 ${id}`, anchoredAt: (at: string) => `${at} の署名` },
  kinds: {
    seq_missing: '連鎖の封印が削除されています',
    row_missing: '封印済みの記録が削除されています',
    chain_broken: '前の記録とつながっていません（封印の挿入、またはここからの再計算）',
    row_changed: '封印後に記録が書き換えられています',
    row_changed_before_seal: '書き込み時のハッシュと一致しません（封印前の書き換え）',
    row_unchained: 'どの封印にも含まれていない記録です（封印処理の後ろへの挿入、または封印の削除）',
    anchor_invalid: '署名付き先頭が信頼できません（署名の不一致、未知の鍵、読めない行）',
    anchor_mismatch: '署名した時点とハッシュが違います：この通番以前が書き換えられ、連鎖が再計算されています',
    anchor_truncated: '署名した時点より連鎖が短くなっています：新しい記録が削除されています',
  } satisfies Record<AuditProblemKind, string>,
};
