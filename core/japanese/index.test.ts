import { describe, expect, it } from 'vitest';
import * as japanese from './index';

describe('core/japanese public surface', () => {
  it('exports every documented function', () => {
    const names = [
      'toStandardKanji', 'foldKanjiForSearch', 'hiraganaToKatakana', 'katakanaToHiragana', 'halfwidthToFullwidthKana',
      'smallToLargeKana', 'removeLongVowelMarks', 'isKatakanaReading', 'toKatakanaReading', 'searchKey', 'bigrams',
      'indexTokens', 'searchTokens', 'formatWareki', 'parseWareki', 'eraOn', 'fiscalYear', 'fiscalYearRange',
      'formatFiscalYear', 'ageOn', 'checkDigit', 'isValidMunicipalityCode', 'withCheckDigit', 'parseIsoDate',
    ];
    for (const name of names) expect(typeof (japanese as Record<string, unknown>)[name], name).toBe('function');
  });

  it('works end to end through the barrel', () => {
    expect(japanese.searchKey('齋藤 ｻﾄｼ')).toBe(japanese.searchKey('斉藤さとし'));
    expect(japanese.parseWareki('R6.4.1')).toEqual({ ok: true, iso: '2024-04-01' });
    expect(japanese.isValidMunicipalityCode('352136')).toBe(true);
  });
});
