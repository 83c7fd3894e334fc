import { generate, generateSecret, generateURI, verify } from 'otplib';

const PERIOD = 30;

/** A fresh base32 secret (160 bits) for an authenticator app. */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URL and its QR code (SVG) for enrolment. */
export async function enrolmentOf(secret: string, label: string, issuer: string): Promise<{ otpauthUrl: string; qrSvg: string }> {
  const otpauthUrl = generateURI({ issuer, label, secret });
  const { default: QRCode } = await import('qrcode'); // loaded when someone enrols, not at every start
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUrl, qrSvg };
}

/**
 * Checks a 6-digit code with ±30 s of clock drift (STACK.md gotcha 8) and returns the time step
 * it belongs to, so a code already used cannot be replayed (RFC 6238 §5.2).
 */
export async function checkTotp(secret: string, token: string, lastStep: number | null): Promise<number | null> {
  const result = await verify({ secret, token, epochTolerance: PERIOD });
  if (!result.valid) return null;
  // The step the code matched, as verify saw it: re-reading the clock here could cross a step boundary.
  const step = 'timeStep' in result ? result.timeStep : Math.floor(Date.now() / 1000 / PERIOD) + (result.delta ?? 0);
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The current code for a secret (tests and the CLI use it). */
export function currentTotp(secret: string, at = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at / 1000) });
}
