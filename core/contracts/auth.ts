import { z } from 'zod';
import { MunicipalityCode, PermissionName, ReachName, Tier } from './common';

export const LoginRequest = z.strictObject({
  loginId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/, '6 digits')
    .optional(),
  /** Which municipality to sign in to; defaults to the deployment's own. */
  municipalityCode: MunicipalityCode.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const MeUnit = z.object({ id: z.string(), name: z.string(), tier: Tier });

export const Me = z.object({
  /** My account id (what assignments and members name). */
  accountId: z.string(),
  loginId: z.string(),
  /** Where my notification mails go ('' for none). */
  email: z.string(),
  displayName: z.string(),
  municipalityCode: z.string(),
  municipalityName: z.string(),
  roles: z.array(z.string()),
  roleNames: z.array(z.string()),
  reach: ReachName,
  units: z.array(MeUnit),
  permissions: z.array(PermissionName),
  csrfToken: z.string(),
  /** 'password_change' until a first or reset password is changed; 'totp_enrolment' while a role that needs two-factor has not enrolled yet. */
  stage: z.enum(['full', 'totp_enrolment', 'password_change']),
  totpEnabled: z.boolean(),
  termEndsOn: z.string().nullable(),
  sessionExpiresAt: z.string(),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = Me;

export const TotpEnrolment = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The QR code as an SVG document, to show with <img src="data:image/svg+xml;…">. */
  qrSvg: z.string(),
});

export const TotpConfirmRequest = z.strictObject({ totp: z.string().regex(/^\d{6}$/, '6 digits') });

export const PasswordChangeRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'postgres']),
  version: z.string(),
});
