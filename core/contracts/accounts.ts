import { z } from 'zod';
import { Id, IsoDate, requiredText, text } from './common';

/** An address for notification mails (they carry no personal data, only a link); empty for none. */
export const NotifyEmail = text(200).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { message: 'not an e-mail address' });

export const AccountChangeKind = z.enum(['roles', 'disable']);
export const AccountChangeStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);

/** A change of an account that waits for a second administrator: roles that read personal data, the auditor. */
export const AccountChange = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: AccountChangeKind,
  /** For `roles`: the account's whole role set once approved. */
  roles: z.array(z.string()),
  requestedBy: z.string(),
  requestedAt: z.string(),
  status: AccountChangeStatus,
});
export type AccountChange = z.infer<typeof AccountChange>;

export const Account = z.object({
  id: z.string(),
  loginId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  unitIds: z.array(z.string()),
  areaIds: z.array(z.string()),
  isActive: z.boolean(),
  isDemo: z.boolean(),
  totpEnabled: z.boolean(),
  termEndsOn: z.string().nullable(),
  email: z.string(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  /** The holder must change the first (or a reset) password before anything else works. */
  mustChangePassword: z.boolean(),
  /** Changes waiting for a second administrator (decision 0018). */
  pendingChanges: z.array(AccountChange),
});
export type Account = z.infer<typeof Account>;


/** A role code: lower-case words joined by `_` (city_admin, district_member). */
const RoleCode = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and "_"');

const LoginId = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 lower-case letters, digits, ".", "_" or "-"');

export const AccountCreate = z.strictObject({
  loginId: LoginId,
  displayName: requiredText(60),
  password: z.string().min(1).max(256),
  roles: z.array(RoleCode).min(1).max(10),
  unitIds: z.array(Id).max(20).default([]),
  areaIds: z.array(Id).max(50).default([]),
  termEndsOn: IsoDate.nullable().default(null),
  email: NotifyEmail.default(''),
});

export const AccountUpdate = z.strictObject({
  displayName: requiredText(60).optional(),
  roles: z.array(RoleCode).min(1).max(10).optional(),
  unitIds: z.array(Id).max(20).optional(),
  areaIds: z.array(Id).max(50).optional(),
  termEndsOn: IsoDate.nullable().optional(),
  email: NotifyEmail.optional(),
  isActive: z.boolean().optional(),
  /** Clear a temporary lockout. */
  unlock: z.literal(true).optional(),
  /** Remove two-factor so the person enrols again (a lost phone). */
  resetTotp: z.literal(true).optional(),
  /** A temporary password (a forgotten one): the holder must change it at the next sign-in. */
  password: z.string().min(1).max(256).optional(),
});

export const Role = z.object({
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  reach: z.string(),
  requiresTotp: z.boolean(),
  permissions: z.array(z.string()),
});
