import { useCallback } from 'react';
import { CONSULTATION_LABELS, consultationLabel, OPEN_STAGES, type ConsultationSummary, type Stage, type Urgency } from '../../../core/contracts/consultations';
import { useI18n } from '../../lib/i18n';
import { Badge } from '../../ui/Badge';

type Groups = typeof CONSULTATION_LABELS;
export type LabelGroup = keyof Groups;

/** The label of a code in the current language: label('stage', 'received') → 受付. */
export function useLabel(): <G extends LabelGroup>(group: G, code: string) => string {
  const { locale } = useI18n();
  return useCallback(<G extends LabelGroup>(group: G, code: string) => consultationLabel(group, code as keyof Groups[G], locale), [locale]);
}

/** Select options of a label group, in the contract's order. */
export function useOptions(): (group: LabelGroup) => { value: string; label: string }[] {
  const label = useLabel();
  return useCallback((group: LabelGroup) => Object.keys(CONSULTATION_LABELS[group]).map((value) => ({ value, label: label(group, value) })), [label]);
}

const URGENCY_TONE: Record<Urgency, 'gray' | 'blue' | 'orange' | 'red'> = { low: 'gray', normal: 'blue', high: 'orange', emergency: 'red' };

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  const label = useLabel();
  return (
    <Badge tone={URGENCY_TONE[urgency]}>
      <span className="sr-only">{t.consultations.col.urgency}：</span>
      {label('urgency', urgency)}
    </Badge>
  );
}

export function CategoryBadges({ categories }: { categories: readonly string[] }) {
  const label = useLabel();
  return (
    <ul className="flex flex-wrap gap-1">
      {categories.map((c) => (
        <li key={c}>
          <Badge tone={c === 'abuse' ? 'red' : 'gray'}>{label('category', c)}</Badge>
        </li>
      ))}
    </ul>
  );
}

/** The markers a worker must not miss: overdue first contact, no worker yet, closure waiting, contributor view. */
export function FlagBadges({ c }: { c: Pick<ConsultationSummary, 'overdueFirstContact' | 'unassignedOverdue' | 'closurePending' | 'access'> }) {
  const { t } = useI18n();
  const flags: { key: string; tone: 'red' | 'orange' | 'gray' | 'blue'; text: string }[] = [];
  if (c.overdueFirstContact) flags.push({ key: 'contact', tone: 'red', text: t.consultations.flags.overdueFirstContact });
  if (c.unassignedOverdue) flags.push({ key: 'unassigned', tone: 'orange', text: t.consultations.flags.unassignedOverdue });
  if (c.closurePending) flags.push({ key: 'pending', tone: 'blue', text: t.consultations.flags.closurePending });
  if (c.access === 'contributor') flags.push({ key: 'contributor', tone: 'gray', text: t.consultations.flags.contributorOnly });
  if (flags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <li key={f.key}>
          <Badge tone={f.tone}>{f.text}</Badge>
        </li>
      ))}
    </ul>
  );
}

/**
 * 受付 → アセスメント → … → 終結 as an ordered list: the stage it is in now, the stages it has
 * been in (✓, from its timeline), and the ones it never was in, said for screen readers too.
 */
export function StageStepper({ stage, visited }: { stage: Stage; visited: ReadonlySet<Stage> }) {
  const { t } = useI18n();
  const label = useLabel();
  const steps: Stage[] = [...OPEN_STAGES, 'closed'];
  const h = t.consultations.detail;
  return (
    <ol aria-label={h.stageSteps} className="flex flex-wrap gap-x-1 gap-y-2" data-testid="stage-stepper">
      {steps.map((s, i) => {
        const current = s === stage;
        const been = !current && visited.has(s);
        return (
          <li
            key={s}
            aria-current={current ? 'step' : undefined}
            data-step={current ? 'current' : been ? 'visited' : 'not-visited'}
            className={`flex items-center gap-1 rounded-8 border px-2 py-1 text-dns-14B-130 ${
              current ? 'border-blue-900 bg-blue-900 text-white' : been ? 'border-blue-900 bg-blue-50 text-blue-1000' : 'border-dashed border-solid-gray-420 bg-white text-solid-gray-700'
            }`}
          >
            <span aria-hidden="true">{been ? '✓' : `${i + 1}.`}</span>
            {label('stage', s)}
            <span className="sr-only">（{current ? h.stepCurrent : been ? h.stepVisited : h.stepNotVisited}）</span>
          </li>
        );
      })}
    </ol>
  );
}
