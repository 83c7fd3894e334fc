/**
 * The published tables the variant-kanji fold is built from (variant-kanji.ts,
 * docs/japanese-text.md "Variant kanji"). Both are government works outside copyright
 * (著作権法 第13条: 法令 and 告示), transcribed here entry by entry; the transcription was
 * compared with two independent ones (docs/japanese-text.md says which) and agrees with both.
 *
 * CJK compatibility ideographs (社 U+FA4C, 逸 U+FA67 …) are written as \u escapes: an editor
 * or tool that normalises the file to NFC would otherwise turn them into the unified character
 * without a trace. The search fold applies NFKC first, which maps every one of them.
 */

/**
 * 常用漢字表（平成22年内閣告示第2号）本表, the 364 旧字体 printed in parentheses after 362 of its
 * 2,136 characters (弁 has three): each token is the 常用漢字 followed by its 旧字体, in the
 * order of the table. 62 of the 364 are compatibility ideographs.
 */
export const JOYO_KYUJITAI = `
  亜亞 悪惡 圧壓 囲圍 医醫 為爲 壱壹 逸\u{FA67} 隠隱 栄榮 営營 衛衞 駅驛 謁\u{FA62} 円圓 塩鹽 縁緣 艶艷 応應 欧歐 殴毆 桜櫻 奥奧 横橫
  温溫 穏穩 仮假 価價 禍\u{FA52} 画畫 会會 悔\u{FA3D} 海\u{FA45} 絵繪 壊壞 懐懷 慨\u{FA3E} 概槪 拡擴 殻殼 覚覺 学學 岳嶽 楽樂 喝\u{FA36} 渇渴 褐\u{FA60} 缶罐
  巻卷 陥陷 勧勸 寛寬 漢\u{FA47} 関關 歓歡 観觀 気氣 祈\u{FA4E} 既\u{FA42} 帰歸 亀龜 器\u{FA38} 偽僞 戯戲 犠犧 旧舊 拠據 挙擧 虚虛 峡峽 挟挾 狭狹
  郷鄕 響\u{FA69} 暁曉 勤\u{FA34} 謹\u{FA63} 区區 駆驅 勲勳 薫薰 径徑 茎莖 恵惠 掲揭 渓溪 経經 蛍螢 軽輕 継繼 鶏鷄 芸藝 撃擊 欠缺 研硏 県縣
  倹儉 剣劍 険險 圏圈 検檢 献獻 権權 顕顯 験驗 厳嚴 広廣 効效 恒恆 黄黃 鉱鑛 号號 国國 黒黑 穀\u{FA54} 砕碎 済濟 斎齋 剤劑 殺\u{F970}
  雑雜 参參 桟棧 蚕蠶 惨慘 賛贊 残殘 糸絲 祉\u{FA4D} 視\u{FA61} 歯齒 児兒 辞辭 湿濕 実實 写寫 社\u{FA4C} 者\u{FA5B} 煮\u{FA48} 釈釋 寿壽 収收 臭\u{FA5C} 従從
  渋澁 獣獸 縦縱 祝\u{FA51} 粛肅 処處 暑\u{FA43} 署\u{FA5A} 緒緖 諸\u{FA22} 叙敍 将將 祥\u{FA1A} 称稱 渉涉 焼燒 証證 奨奬 条條 状狀 乗乘 浄淨 剰剩 畳疊
  縄繩 壌壤 嬢孃 譲讓 醸釀 触觸 嘱囑 神\u{FA19} 真眞 寝寢 慎愼 尽盡 図圖 粋粹 酔醉 穂穗 随隨 髄髓 枢樞 数數 瀬瀨 声聲 斉齊 静靜
  窃竊 摂攝 節\u{FA56} 専專 浅淺 戦戰 践踐 銭錢 潜潛 繊纖 禅禪 祖\u{FA50} 双雙 壮壯 争爭 荘莊 捜搜 挿插 巣巢 曽曾 痩瘦 装裝 僧\u{FA31} 層\u{FA3B}
  総總 騒騷 増增 憎\u{FA3F} 蔵藏 贈\u{FA65} 臓臟 即卽 属屬 続續 堕墮 対對 体體 帯帶 滞滯 台臺 滝瀧 択擇 沢澤 担擔 単單 胆膽 嘆\u{FA37} 団團
  断斷 弾彈 遅遲 痴癡 虫蟲 昼晝 鋳鑄 著\u{FA5F} 庁廳 徴徵 聴聽 懲\u{FA40} 勅敕 鎮鎭 塚\u{FA10} 逓遞 鉄鐵 点點 転轉 伝傳 都\u{FA26} 灯燈 当當 党黨
  盗盜 稲稻 闘鬭 徳德 独獨 読讀 突\u{FA55} 届屆 難\u{FA68} 弐貳 悩惱 脳腦 覇霸 拝拜 廃廢 売賣 梅\u{FA44} 麦麥 発發 髪髮 抜拔 繁\u{FA59} 晩晚 蛮蠻
  卑\u{FA35} 秘祕 碑\u{FA4B} 浜濱 賓\u{FA64} 頻\u{FA6A} 敏\u{FA41} 瓶甁 侮\u{FA30} 福\u{FA1B} 払拂 仏佛 併倂 並竝 塀\u{FA39} 餅餠 辺邊 変變 弁辨瓣辯 勉\u{FA33} 歩步 宝寶 豊豐 褒襃
  墨\u{FA3A} 翻飜 毎每 万萬 満滿 免\u{FA32} 麺麵 黙默 弥彌 訳譯 薬藥 与與 予豫 余餘 誉譽 揺搖 様樣 謡謠 来來 頼賴 乱亂 覧覽 欄\u{F91D} 竜龍
  隆\u{F9DC} 虜\u{F936} 両兩 猟獵 緑綠 涙淚 塁壘 類\u{F9D0} 礼禮 励勵 戻戾 霊靈 齢齡 暦曆 歴歷 恋戀 練\u{FA57} 錬鍊 炉爐 労勞 郎郞 朗\u{F929} 廊\u{F928} 楼樓
  録錄 湾灣
`;

/**
 * 常用漢字表 許容字体 (in [ ] in the table) that have a code point of their own: the 常用漢字,
 * then the permitted form. (遜 遡 謎 餌 餅 differ only in the しんにょう/しょくへん glyph: one code point.)
 */
export const JOYO_KYOYO = `𠮟叱 塡填 剝剥 頰頬`;

/**
 * 戸籍法施行規則 別表第二「漢字の表」一 (人名用漢字, 2017 revision): the 18 字種 listed with two
 * 字体 joined by 「－」, both usable in a name. The first of each token is the one the fold keeps
 * (the form in everyday print); 5 second forms are compatibility ideographs.
 */
export const JINMEI_TWO_FORMS = `
  亘亙 凛凜 尭堯 巌巖 晃晄 桧檜 槙槇 渚\u{FA46} 猪\u{FA16} 琢\u{FA4A} 祢禰 祐\u{FA4F} 祷禱 禄祿 禎\u{FA53} 穣穰 萌萠 遥遙
`;

/**
 * 戸籍法施行規則 別表第二「漢字の表」二: the 212 異体字 of 常用漢字 usable in a name, each with the
 * 常用漢字 printed in parentheses after it: each token is the 異体字 followed by that 常用漢字, in
 * the order of the table. 204 are also 常用漢字表 旧字体; 冨 凉 埜 峯 嶋 盃 薗 駈 are not.
 */
export const JINMEI_JOYO_VARIANTS = `
  乘乗 亞亜 佛仏 來来 \u{FA30}侮 傳伝 僞偽 \u{FA31}僧 價価 儉倹 兒児 冨富 凉涼 剩剰 劍剣 \u{FA33}勉 \u{FA34}勤 勳勲 \u{FA35}卑 卷巻 卽即 單単 \u{FA37}嘆 \u{FA38}器
  嚴厳 圈圏 國国 圓円 團団 埜野 增増 \u{FA3A}墨 壘塁 壞壊 壯壮 壽寿 奧奥 奬奨 孃嬢 寢寝 實実 寬寛 將将 專専 \u{FA3B}層 峯峰 峽峡 嶋島
  巢巣 帶帯 \u{F928}廊 廣広 廳庁 彈弾 彌弥 從従 徵徴 德徳 恆恒 \u{FA3D}悔 惠恵 惡悪 愼慎 \u{FA3F}憎 應応 \u{FA40}懲 懷懐 戰戦 戲戯 拂払 拔抜 拜拝
  揭掲 搖揺 搜捜 擊撃 攝摂 收収 敍叙 \u{FA41}敏 晚晩 晝昼 \u{FA43}暑 曆暦 曉暁 曾曽 \u{F929}朗 \u{FA44}梅 條条 榮栄 樂楽 樣様 橫横 檢検 櫻桜 \u{F91D}欄
  步歩 歷歴 每毎 氣気 \u{FA45}海 涉渉 淚涙 淨浄 渴渇 溫温 滯滞 \u{FA47}漢 澁渋 濕湿 瀧滝 瀨瀬 \u{FA48}煮 燈灯 燒焼 爭争 爲為 狀状 狹狭 獸獣
  疊畳 瘦痩 盃杯 盜盗 盡尽 眞真 碎砕 \u{FA4B}碑 \u{FA4C}社 \u{FA4E}祈 \u{FA4D}祉 祕秘 \u{FA50}祖 \u{FA51}祝 \u{FA19}神 \u{FA1A}祥 \u{FA52}禍 \u{FA1B}福 禪禅 禮礼 稻稲 \u{FA54}穀 穗穂 \u{FA55}突
  \u{FA56}節 粹粋 綠緑 緖緒 緣縁 \u{FA57}練 縣県 縱縦 \u{FA59}繁 纖繊 \u{FA5A}署 \u{FA5B}者 聽聴 臟臓 \u{FA5C}臭 與与 莊荘 萬万 \u{FA5F}著 薗園 薰薫 藏蔵 藝芸 藥薬
  虛虚 \u{F936}虜 衞衛 裝装 \u{FA61}視 覽覧 \u{FA22}諸 \u{FA62}謁 謠謡 \u{FA63}謹 讓譲 \u{FA64}賓 賣売 賴頼 \u{FA65}贈 轉転 \u{FA67}逸 郞郎 \u{FA26}都 醉酔 釀醸 錄録 鍊錬 鎭鎮
  鑄鋳 陷陥 險険 雜雑 \u{FA68}難 靜静 \u{FA69}響 \u{F9D0}類 顯顕 飜翻 駈駆 騷騒 驗験 髮髪 鷄鶏 黃黄 黑黒 默黙 齊斉 龍竜
`;
