import type { AuditProblem, AuditVerifyResult } from '../../../core/contracts/audit';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';

/** Where a problem is: its seq (or range), its event number, the anchor that shows it. */
function useWhere() {
  const { t, locale } = useI18n();
  const w = t.audit.verifyReport.where;
  return (p: AuditProblem) =>
    [
      p.seq !== null ? (p.lastSeq !== null && p.lastSeq !== p.seq ? w.range(p.seq, p.lastSeq) : w.seq(p.seq)) : null,
      p.auditId !== null ? w.id(p.auditId) : null,
      p.anchoredAt ? w.anchoredAt(formatDateTime(p.anchoredAt, locale)) : null,
    ]
      .filter(Boolean)
      .join('・');
}

/** The result of verifying the audit log: what was checked, and every problem by kind and place. */
export function AuditVerifyReport({ result }: { result: AuditVerifyResult }) {
  const { t, locale } = useI18n();
  const r = t.audit.verifyReport;
  const where = useWhere();
  const at = (iso: string) => formatDateTime(iso, locale);
  const facts = [
    result.head ? r.head(result.head.seq, at(result.head.sealedAt)) : null,
    result.unsealed.rows > 0 ? r.unsealed(result.unsealed.rows, Math.round(result.unsealed.lagSeconds ?? 0)) : r.allSealed,
    result.unsealed.sealerLastRunAt ? r.sealerLastRun(at(result.unsealed.sealerLastRunAt)) : null,
    result.anchors.latest ? r.anchors(result.anchors.checked, result.anchors.latest.seq, at(result.anchors.latest.anchoredAt)) : r.noAnchors,
    result.anchors.keyIds.length ? r.keyIds(result.anchors.keyIds.join(', ')) : null,
  ].filter((f): f is string => f !== null);
  const tone = result.ok ? 'border-green-800 bg-green-50' : 'border-red-900 bg-red-50 text-red-1000';
  return (
    <div className={`rounded-8 border-l-8 p-4 ${tone}`}>
      <p className="text-std-16B-170">{result.ok ? r.summaryOk(result.checked) : r.summaryBroken(result.problemCount)}</p>
      {result.problems.length > 0 ? (
        <>
          <h3 className="mt-3 text-std-16B-170">{r.problemsTitle}</h3>
          <ul className="ml-5 list-disc text-std-16N-170" data-testid="verify-problems">
            {result.problems.map((p, i) => (
              <li key={i} data-kind={p.kind}>
                <span className="font-bold">{where(p)}</span>：{r.kinds[p.kind]}
              </li>
            ))}
            {result.problemCount > result.problems.length ? <li>{r.more(result.problemCount - result.problems.length)}</li> : null}
          </ul>
        </>
      ) : null}
      <ul className="mt-3 text-std-16N-170 text-solid-gray-800">
        {facts.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
    </div>
  );
}
