/**
 * Variant (異体字) → standard kanji table for matching personal and place names.
 *
 * Sources (the pairs are facts about the writing system, compiled by hand):
 * - 法務省「人名用漢字」別表第二 and the 常用漢字表 (2010) correspondence between
 *   旧字体 / 康熙字典体 and 新字体 (e.g. 國→国, 澤→沢, 邊→辺).
 * - 法務省 戸籍統一文字 and JIS X 0213 異体字 / 俗字 that turn up in 戸籍 names
 *   (e.g. 髙, 﨑, 嵜, 邉, 嶋, 冨, 舘, 桒, 栁, 濵, 銕).
 * - Common 外字 in names held outside the BMP (𠮷 つちよし, 𡈽 点付き土).
 *
 * Which side is "standard": the 常用漢字 form when one side is 常用; otherwise the
 * 人名用漢字 新字体; otherwise the simpler form in everyday print (which is why
 * 禰→祢, matching 美祢市's official name). Every standard is in JIS X 0208.
 *
 * The table is only ever used to build search keys. It must never rewrite a
 * stored name: a resident's 戸籍 form (髙橋, 渡邉) is what they are called.
 *
 * Not listed on purpose:
 * - CJK compatibility ideographs with a canonical decomposition (神 U+FA19,
 *   塚 U+FA10 …): NFKC, the first step of the search fold, already maps them.
 * - Glyph-only differences such as 一点/二点しんにょう 辻 and 葛 variants: they share a
 *   code point and differ only by an ideographic variation selector (IVS), which
 *   the search fold strips.
 * - Pairs that are distinct characters despite looking alike (埼/崎, 碕/崎, 荻/萩).
 */
export const VARIANT_KANJI: readonly (readonly [variant: string, standard: string])[] = [
  // --- 名字・地名 common variants (戸籍統一文字 / JIS X 0213 俗字) ---
  ['髙', '高'], ['﨑', '崎'], ['嵜', '崎'], ['㟢', '崎'], ['邊', '辺'], ['邉', '辺'],
  ['齋', '斎'], ['齊', '斉'], ['澤', '沢'], ['濱', '浜'], ['濵', '浜'], ['廣', '広'],
  ['國', '国'], ['圀', '国'], ['櫻', '桜'], ['龍', '竜'], ['瀧', '滝'], ['嶋', '島'],
  ['嶌', '島'], ['槇', '槙'], ['冨', '富'], ['舘', '館'], ['桒', '桑'], ['栁', '柳'],
  ['舩', '船'], ['籔', '藪'], ['槗', '橋'], ['銕', '鉄'], ['鉃', '鉄'], ['邨', '村'],
  ['峯', '峰'], ['篭', '籠'], ['﨔', '欅'], ['渕', '淵'], ['禰', '祢'], ['蘆', '芦'],
  ['凜', '凛'], ['堯', '尭'], ['遙', '遥'], ['瑤', '瑶'], ['穰', '穣'], ['萠', '萌'],
  ['檜', '桧'], ['曾', '曽'], ['亙', '亘'], ['晉', '晋'], ['彥', '彦'], ['郞', '郎'],
  ['祿', '禄'], ['鷗', '鴎'], ['驒', '騨'], ['讚', '讃'], ['戶', '戸'], ['奧', '奥'],
  ['瀨', '瀬'], ['靑', '青'], ['淸', '清'], ['黑', '黒'], ['黃', '黄'], ['姬', '姫'],
  // Outside the BMP: must be handled per code point, not per UTF-16 unit.
  ['𠮷', '吉'], ['𡈽', '土'],

  // --- 旧字体 → 新字体 (常用漢字表 康熙字典体 / 人名用漢字 旧字体) ---
  ['亞', '亜'], ['惡', '悪'], ['壓', '圧'], ['圍', '囲'], ['爲', '為'], ['醫', '医'],
  ['壹', '壱'], ['隱', '隠'], ['營', '営'], ['榮', '栄'], ['衞', '衛'], ['驛', '駅'],
  ['圓', '円'], ['鹽', '塩'], ['應', '応'], ['歐', '欧'], ['毆', '殴'], ['假', '仮'],
  ['價', '価'], ['畫', '画'], ['會', '会'], ['壞', '壊'], ['懷', '懐'], ['擴', '拡'],
  ['覺', '覚'], ['學', '学'], ['樂', '楽'], ['嶽', '岳'], ['卷', '巻'], ['勸', '勧'],
  ['歡', '歓'], ['觀', '観'], ['關', '関'], ['陷', '陥'], ['巖', '巌'], ['顏', '顔'],
  ['歸', '帰'], ['氣', '気'], ['龜', '亀'], ['僞', '偽'], ['戲', '戯'], ['犧', '犠'],
  ['舊', '旧'], ['據', '拠'], ['擧', '挙'], ['峽', '峡'], ['挾', '挟'], ['狹', '狭'],
  ['曉', '暁'], ['區', '区'], ['驅', '駆'], ['勳', '勲'], ['惠', '恵'], ['徑', '径'],
  ['溪', '渓'], ['經', '経'], ['繼', '継'], ['莖', '茎'], ['螢', '蛍'], ['輕', '軽'],
  ['鷄', '鶏'], ['藝', '芸'], ['缺', '欠'], ['儉', '倹'], ['劍', '剣'], ['圈', '圏'],
  ['檢', '検'], ['權', '権'], ['獻', '献'], ['縣', '県'], ['險', '険'], ['顯', '顕'],
  ['驗', '験'], ['嚴', '厳'], ['效', '効'], ['恆', '恒'], ['鑛', '鉱'], ['號', '号'],
  ['濟', '済'], ['碎', '砕'], ['劑', '剤'], ['雜', '雑'], ['參', '参'], ['慘', '惨'],
  ['棧', '桟'], ['蠶', '蚕'], ['贊', '賛'], ['殘', '残'], ['絲', '糸'], ['齒', '歯'],
  ['兒', '児'], ['辭', '辞'], ['濕', '湿'], ['實', '実'], ['舍', '舎'], ['寫', '写'],
  ['釋', '釈'], ['壽', '寿'], ['收', '収'], ['從', '従'], ['澁', '渋'], ['獸', '獣'],
  ['縱', '縦'], ['肅', '粛'], ['處', '処'], ['敍', '叙'], ['奬', '奨'], ['將', '将'],
  ['燒', '焼'], ['稱', '称'], ['證', '証'], ['乘', '乗'], ['剩', '剰'], ['壤', '壌'],
  ['孃', '嬢'], ['條', '条'], ['淨', '浄'], ['疊', '畳'], ['讓', '譲'], ['釀', '醸'],
  ['觸', '触'], ['囑', '嘱'], ['眞', '真'], ['寢', '寝'], ['愼', '慎'], ['盡', '尽'],
  ['圖', '図'], ['粹', '粋'], ['醉', '酔'], ['隨', '随'], ['髓', '髄'], ['數', '数'],
  ['樞', '枢'], ['聲', '声'], ['靜', '静'], ['攝', '摂'], ['竊', '窃'], ['專', '専'],
  ['戰', '戦'], ['淺', '浅'], ['潛', '潜'], ['纖', '繊'], ['踐', '践'], ['錢', '銭'],
  ['禪', '禅'], ['雙', '双'], ['壯', '壮'], ['搜', '捜'], ['插', '挿'], ['爭', '争'],
  ['總', '総'], ['聰', '聡'], ['莊', '荘'], ['裝', '装'], ['騷', '騒'], ['增', '増'],
  ['藏', '蔵'], ['臟', '臓'], ['卽', '即'], ['屬', '属'], ['續', '続'], ['墮', '堕'],
  ['體', '体'], ['對', '対'], ['帶', '帯'], ['滯', '滞'], ['臺', '台'], ['擇', '択'],
  ['單', '単'], ['擔', '担'], ['膽', '胆'], ['團', '団'], ['彈', '弾'], ['斷', '断'],
  ['癡', '痴'], ['遲', '遅'], ['晝', '昼'], ['蟲', '虫'], ['鑄', '鋳'], ['廳', '庁'],
  ['聽', '聴'], ['鎭', '鎮'], ['遞', '逓'], ['鐵', '鉄'], ['轉', '転'], ['點', '点'],
  ['傳', '伝'], ['黨', '党'], ['盜', '盗'], ['燈', '灯'], ['當', '当'], ['鬪', '闘'],
  ['德', '徳'], ['獨', '独'], ['讀', '読'], ['屆', '届'], ['繩', '縄'], ['貳', '弐'],
  ['惱', '悩'], ['腦', '脳'], ['霸', '覇'], ['廢', '廃'], ['拜', '拝'], ['賣', '売'],
  ['麥', '麦'], ['發', '発'], ['髮', '髪'], ['拔', '抜'], ['蠻', '蛮'], ['祕', '秘'],
  ['甁', '瓶'], ['拂', '払'], ['佛', '仏'], ['竝', '並'], ['變', '変'], ['辨', '弁'],
  ['瓣', '弁'], ['辯', '弁'], ['舖', '舗'], ['寶', '宝'], ['豐', '豊'], ['沒', '没'],
  ['飜', '翻'], ['每', '毎'], ['萬', '万'], ['滿', '満'], ['默', '黙'], ['彌', '弥'],
  ['譯', '訳'], ['藥', '薬'], ['與', '与'], ['豫', '予'], ['餘', '余'], ['搖', '揺'],
  ['樣', '様'], ['謠', '謡'], ['來', '来'], ['賴', '頼'], ['亂', '乱'], ['覽', '覧'],
  ['兩', '両'], ['獵', '猟'], ['綠', '緑'], ['壘', '塁'], ['淚', '涙'], ['勵', '励'],
  ['禮', '礼'], ['隸', '隷'], ['靈', '霊'], ['齡', '齢'], ['戀', '恋'], ['爐', '炉'],
  ['勞', '労'], ['樓', '楼'], ['錄', '録'], ['灣', '湾'], ['稻', '稲'], ['緣', '縁'],
  ['步', '歩'], ['涉', '渉'], ['內', '内'], ['兔', '兎'], ['巢', '巣'], ['緖', '緒'],
  ['曆', '暦'], ['歷', '歴'], ['鄕', '郷'], ['鄰', '隣'], ['凉', '涼'], ['冰', '氷'],
  ['册', '冊'], ['强', '強'], ['敎', '教'], ['麵', '麺'], ['餠', '餅'], ['攜', '携'],
  ['狀', '状'], ['寬', '寛'], ['產', '産'], ['硏', '研'], ['溫', '温'], ['眾', '衆'],
  ['徵', '徴'], ['悅', '悦'], ['說', '説'], ['稅', '税'], ['銳', '鋭'], ['脫', '脱'],
  ['閱', '閲'], ['槪', '概'], ['旣', '既'],
];

/**
 * Folds applied only when building search keys, on top of the table: 斉 and 斎 are
 * distinct characters with distinct standard forms, but 斉藤/斎藤/齊藤/齋藤 are
 * one surname in practice and staff must find all four from any spelling.
 */
export const SEARCH_ONLY_FOLDS: readonly (readonly [from: string, to: string])[] = [['斉', '斎']];

const STANDARD = new Map<string, string>(VARIANT_KANJI);

const SEARCH = new Map<string, string>(VARIANT_KANJI);
for (const [from, to] of SEARCH_ONLY_FOLDS) SEARCH.set(from, to);
// Chase chains once at load (齊→斉→斎) so folding stays a single lookup per code point.
for (const [from, to] of SEARCH) {
  let target = to;
  for (let next = SEARCH.get(target); next !== undefined; next = SEARCH.get(target)) target = next;
  SEARCH.set(from, target);
}

function mapCodePoints(s: string, table: ReadonlyMap<string, string>): string {
  // for…of walks code points, so 𠮷 (a surrogate pair) is looked up as one character.
  let out = '';
  for (const ch of s) out += table.get(ch) ?? ch;
  return out;
}

/** Replaces each variant kanji with its documented standard form (斉 and 斎 stay distinct). */
export function toStandardKanji(s: string): string {
  return mapCodePoints(s, STANDARD);
}

/** Folds variant kanji for search keys: the table plus search-only folds (齋・齊・斉 → 斎). */
export function foldKanjiForSearch(s: string): string {
  return mapCodePoints(s, SEARCH);
}
