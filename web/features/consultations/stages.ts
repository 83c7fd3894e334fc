import { OPEN_STAGES, type Stage, type TimelineEntry } from '../../../core/contracts/consultations';

const STAGES: readonly Stage[] = [...OPEN_STAGES, 'closed'];
const isStage = (s: unknown): s is Stage => typeof s === 'string' && (STAGES as readonly string[]).includes(s);

/**
 * The stages a consultation has been in, read from its timeline in order: a stage change names
 * both ends; the first assessment moves 受付 to アセスメント, the first plan moves 受付 or
 * アセスメント to プラン作成 (as the server does); a closure ends it and a reopening returns it to
 * アセスメント. A stage it skipped (受付 straight to 支援中) is not among them. What the reader may
 * not see of the timeline (a contributor) is not guessed at: the current stage is always there.
 */
export function visitedStages(timeline: readonly Pick<TimelineEntry, 'kind' | 'details' | 'at'>[], current: Stage): Set<Stage> {
  const seen = new Set<Stage>(['received', current]);
  let at: Stage = 'received';
  const enter = (s: Stage) => {
    at = s;
    seen.add(s);
  };
  for (const e of [...timeline].sort((a, b) => a.at.localeCompare(b.at))) {
    if (e.kind === 'stage') {
      if (isStage(e.details.from)) seen.add(e.details.from);
      if (isStage(e.details.to)) enter(e.details.to);
    } else if (e.kind === 'assessment' && at === 'received') enter('assessing');
    else if (e.kind === 'plan' && (at === 'received' || at === 'assessing')) enter('planning');
    else if (e.kind === 'closed') enter('closed');
    else if (e.kind === 'reopened') enter('assessing');
  }
  return seen;
}
