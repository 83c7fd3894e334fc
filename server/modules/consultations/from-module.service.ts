import type { Channel, Category } from '../../../core/contracts/consultations';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import type { RequestContext } from '../../platform/http';
import { intake } from './intake.service';

/** A worry another module raises: a watcher's 気になる, a partner business's report (issue #11 §4, §7). */
export interface WorryFromModule {
  /** The door it comes in by: the watcher's district council, the district of the address. */
  doorUnitId: string;
  channel: Channel;
  /** Who brought it (`commissioner`, `neighbour`, `business`, `staff`). */
  source: 'commissioner' | 'neighbour' | 'business' | 'staff';
  summary: string;
  categories: Category[];
  personId: string | null;
  address: string;
  /** Who the worry is about when there is no person record (a partner only knows an address). */
  subjectLabel: string;
  /** What raised it, for the audit row: `{ type: 'watch_visit', id }`. */
  origin: { type: string; id: string };
}

/**
 * Takes in a worry raised from another module, in the caller's transaction: routed by the
 * municipality's rules from its door (a district council's door keeps it there), raised by the
 * actor — who then sees it as its contributor: that it was received and its stage, never more —
 * and audited as a consultation created. The one way another module makes a consultation.
 */
export async function takeInWorry(ctx: RequestContext, tx: Queryable, w: WorryFromModule): Promise<{ id: string; receiptNumber: string; owningUnitId: string; owningUnitName: string; stage: 'received' }> {
  const actor = ctx.actor;
  const made = await intake(
    tx, actor.municipalityCode,
    {
      channel: w.channel, categories: w.categories, summary: w.summary, urgency: 'normal', source: w.source, sourceNote: '', anonymous: false,
      thirdPartyConcern: true, subjectLabel: w.subjectLabel, address: w.address, personId: w.personId, householdId: null, consent: 'not_asked',
      consentScope: [], contactPreference: null, contactDetail: '',
    },
    { unitId: w.doorUnitId }, actor.accountId, clockNow(),
  );
  await ctx.audit(tx, {
    action: 'consultation.created', subjectType: 'consultation', subjectId: made.id,
    details: { receiptNumber: made.receiptNumber, owningUnitId: made.owningUnitId, channel: w.channel, categories: w.categories, personId: w.personId, origin: w.origin },
  });
  return { id: made.id, receiptNumber: made.receiptNumber, owningUnitId: made.owningUnitId, owningUnitName: made.unit.nameJa, stage: 'received' };
}
