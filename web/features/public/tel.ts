/** A phone number as a tel: link (full-width digits folded; only digits and a leading + kept). */
export function telHref(phone: string): string {
  const s = phone.normalize('NFKC').trim();
  const plus = s.startsWith('+') ? '+' : '';
  return `tel:${plus}${s.replace(/[^0-9]/g, '')}`;
}
