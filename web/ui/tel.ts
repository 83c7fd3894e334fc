import { phoneDialString } from '../../core/japanese';

/** A phone number as a tel: link: only the digits and a leading + (core/japanese/phone.ts reads every IME dash and full-width digit). */
export function telHref(phone: string): string {
  return `tel:${phoneDialString(phone)}`;
}
