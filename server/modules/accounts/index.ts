/** The accounts module: staff accounts, roles, sessions and sign-in. Other code imports only this file. */
export { accountsRoutes, SESSION_COOKIE } from './accounts.routes';
export { actorForAccount, authenticate, parseSessionCookie, signIn } from './sessions.service';
export { provisionAccount } from './accounts.service';
export { insertRole } from './accounts.repo';
// A change of 民生委員 (the watch module's zone handover): the zone moves from one account to the next.
export { moveAreaAssignment, accountHoldsArea } from './accounts.repo';
export { commonPasswords, hashPassword } from './passwords';
export { checkPassword } from './accounts.policy';
export { currentTotp } from './totp';
