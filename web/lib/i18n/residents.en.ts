import type { residentsJa } from './residents.ja';

/** The residents' front door in English (no readings: ふりがな is for Japanese). */
export const residentsEn: typeof residentsJa = {
  display: {
    group: ['Display', ''],
    easy: ['Plain Japanese', ''],
    furigana: ['Furigana', ''],
    largeText: ['Larger text', ''],
  },
  frontDoor: {
    municipalityOf: (name: string) => `${name}: `,
    title: ['Ask for help with a worry', ''],
    lead: ['The welfare consultation window. Any worry about daily life, or about a family member or neighbour, is welcome.', ''],
    consult: ['Ask for help', ''],
    consultHint: ['Send your worry from the web (any time)', ''],
    call: ['Call', ''],
    callLabel: (number: string, name: string) => `Call ${number}${name ? ` (${name})` : ''}`,
    find: ['Find a consultation window', ''],
    findHint: ['Windows, salons and services near you', ''],
    staff: ['Staff and welfare commissioners: sign in', ''],
  },
};
