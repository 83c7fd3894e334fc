import { describe, expect, it } from 'vitest';
import { alignReading } from './ruby';

describe('ふりがな over the kanji of a name only', () => {
  it('gives an all-kanji name the whole reading', () => {
    expect(alignReading('美祢市社会福祉協議会', 'みねししゃかいふくしきょうぎかい')).toEqual([{ text: '美祢市社会福祉協議会', reading: 'みねししゃかいふくしきょうぎかい' }]);
  });

  it('leaves katakana and hiragana without a reading, cutting the reading at them', () => {
    expect(alignReading('厚保地区 ふれあいいきいきサロン', 'あつちく ふれあいいきいきさろん')).toEqual([
      { text: '厚保地区', reading: 'あつちく' }, { text: ' ' }, { text: 'ふれあいいきいきサロン' },
    ]);
    expect(alignReading('ハローワーク美祢', 'はろーわーくみね')).toEqual([{ text: 'ハローワーク' }, { text: '美祢', reading: 'みね' }]);
    expect(alignReading('お住まいの地区', 'おすまいのちく')).toEqual([
      { text: 'お' }, { text: '住', reading: 'す' }, { text: 'まいの' }, { text: '地区', reading: 'ちく' },
    ]);
  });

  it('reads a katakana reading the same as a hiragana one', () => {
    expect(alignReading('美祢地域福祉センター', 'ミネチイキフクシセンター')).toEqual([{ text: '美祢地域福祉', reading: 'みねちいきふくし' }, { text: 'センター' }]);
  });

  it('leaves Latin letters and digits unread, when the kana around them show where their sound ends', () => {
    expect(alignReading('NPOささえ会', 'えぬぴーおーささえかい')).toEqual([{ text: 'NPO' }, { text: 'ささえ' }, { text: '会', reading: 'かい' }]);
  });

  it('gives no ふりがな rather than a guess', () => {
    // Where 法人's reading starts after NPO's cannot be told.
    expect(alignReading('NPO法人', 'えぬぴーおーほうじん')).toBeNull();
    // The reading does not contain the name's own kana.
    expect(alignReading('大嶺サロン', 'おおみねのつどい')).toBeNull();
    expect(alignReading('大嶺', '')).toBeNull();
  });

  it('keeps kanji split by a dot as one reading when the reading is not split there', () => {
    expect(alignReading('美祢市・社協の窓口', 'みねししゃきょうのまどぐち')).toEqual([
      { text: '美祢市・社協', reading: 'みねししゃきょう' }, { text: 'の' }, { text: '窓口', reading: 'まどぐち' },
    ]);
  });

  it('lets a short kana inside a reading not end it early (の in つういん)', () => {
    expect(alignReading('買い物・通院の乗り合い支援（デモ）', 'かいもの・つういんののりあいしえん')).toEqual([
      { text: '買', reading: 'か' }, { text: 'い' }, { text: '物', reading: 'もの' }, { text: '・' },
      { text: '通院', reading: 'つういん' }, { text: 'の' }, { text: '乗', reading: 'の' }, { text: 'り' }, { text: '合', reading: 'あ' }, { text: 'い' },
      { text: '支援', reading: 'しえん' }, { text: '（デモ）' },
    ]);
  });

  it('a name without kanji needs no reading at all', () => {
    expect(alignReading('ふれあいサロン', 'ふれあいさろん')).toEqual([{ text: 'ふれあいサロン' }]);
  });
});

describe('names of the Mine City directory', () => {
  it('matches word with word where the reading is spaced like the name', () => {
    expect(alignReading('社会福祉法人 美祢市社会福祉協議会', 'しゃかいふくしほうじん みねししゃかいふくしきょうぎかい')).toEqual([
      { text: '社会福祉法人', reading: 'しゃかいふくしほうじん' }, { text: ' ' }, { text: '美祢市社会福祉協議会', reading: 'みねししゃかいふくしきょうぎかい' },
    ]);
    expect(alignReading('権利擁護・成年後見の相談（デモ）', 'けんりようご・せいねんこうけんのそうだん')).toEqual([
      { text: '権利擁護', reading: 'けんりようご' }, { text: '・' }, { text: '成年後見', reading: 'せいねんこうけん' }, { text: 'の' },
      { text: '相談', reading: 'そうだん' }, { text: '（デモ）' },
    ]);
  });

  it('shows a bracketed tail the reading leaves out as it is', () => {
    expect(alignReading('自立支援相談機関（相談支援包括化推進員）', 'じりつしえんそうだんきかん')).toEqual([
      { text: '自立支援相談機関', reading: 'じりつしえんそうだんきかん' }, { text: '（相談支援包括化推進員）' },
    ]);
    expect(alignReading('ハローワーク（デモ）', 'はろーわーく')).toEqual([{ text: 'ハローワーク（デモ）' }]);
  });

  it('skips the sound of Latin letters between kana', () => {
    expect(alignReading('秋芳地域福祉センター CSWの相談', 'しゅうほうちいきふくしせんたー しーえすだぶりゅーのそうだん')).toEqual([
      { text: '秋芳地域福祉', reading: 'しゅうほうちいきふくし' }, { text: 'センター' }, { text: ' ' }, { text: 'CSW' }, { text: 'の' }, { text: '相談', reading: 'そうだん' },
    ]);
  });
});
