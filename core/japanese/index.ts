// Public surface of the Japanese text and calendar helpers; import from here, not the files.
export { VARIANT_KANJI, SEARCH_ONLY_FOLDS, toStandardKanji, foldKanjiForSearch } from './variant-kanji';
export {
  hiraganaToKatakana,
  katakanaToHiragana,
  halfwidthToFullwidthKana,
  smallToLargeKana,
  removeLongVowelMarks,
  LONG_VOWEL_MARKS,
  isKatakanaReading,
  toKatakanaReading,
} from './kana';
export { SEARCH_KEY_VERSION, searchKey, bigrams, indexTokens, searchTokens } from './search-key';
export { isLeapYear, daysInMonth, isValidCivilDate, toIsoDate, parseIsoDate, requireIsoDate } from './iso-date';
export type { CivilDate } from './iso-date';
export {
  ERAS,
  eraOn,
  formatWareki,
  parseWareki,
  fiscalYear,
  fiscalYearRange,
  formatFiscalYear,
  ageOn,
} from './wareki';
export type { Era, EraName, EraLetter, FormatWarekiOptions, ParseWarekiResult } from './wareki';
export { checkDigit, isValidMunicipalityCode, withCheckDigit } from './municipality-code';
export { SUPPORTED_HOLIDAY_YEARS, JST_OFFSET_MS, OFFICE_OPENS_JST, OFFICE_CLOSES_JST, japaneseHolidayName, isJapaneseHoliday, japaneseHolidaysInYear, isWorkingDay, addWorkingDays, workingDayDeadline, type JapaneseHoliday, type WorkingDayOptions } from './holidays';
export { PHONE_DASHES, normalizePhone, phoneDialString, isPhoneNumber } from './phone';
export { alignReading, type RubySegment } from './ruby';
