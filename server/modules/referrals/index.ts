/** The referrals module: closed-loop hand-offs from a consultation to an agency, with the receiver's grant. Other code imports only this file. */
export { referralsRoutes } from './referrals.routes';
export { remindOverdueReferrals } from './referrals.service';
export { REFERRAL } from './referrals.policy';
