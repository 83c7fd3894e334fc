import type { z } from 'zod';
import type { Disaster as DisasterSchema, MyRegistrant as MyRegistrantSchema, RollCallStatus, Shelter as ShelterSchema } from '../../../core/contracts/evacuation';

/** The shapes the evacuation screens use, from core/contracts/evacuation.ts. */
export type CheckStatus = RollCallStatus;
export const CHECK_STATUSES: readonly CheckStatus[] = ['unconfirmed', 'safe_home', 'evacuated', 'needs_rescue', 'absent', 'injured_or_dead'];
export type Disaster = z.infer<typeof DisasterSchema>;
export type Shelter = z.infer<typeof ShelterSchema>;
export type MyRegistrant = z.infer<typeof MyRegistrantSchema>;

/** What the phone keeps for one event: the event's name, the shelters to choose from, and the minimum of each registrant. */
export interface KeptRollcall {
  disaster: { id: string; name: string };
  shelters: { id: string; name: string }[];
  items: MyRegistrant[];
}
