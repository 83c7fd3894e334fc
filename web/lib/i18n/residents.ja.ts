/**
 * The residents' front door (`/`) and the reading aids beside it. Fixed texts a resident reads
 * come with their reading (text, reading), so ふりがな can sit over their kanji.
 */
type Said = readonly [text: string, reading: string];

export const residentsJa = {
  display: {
    group: ['表示のしかた', 'ひょうじのしかた'] as Said,
    easy: ['やさしい日本語', 'やさしいにほんご'] as Said,
    furigana: ['ふりがな', 'ふりがな'] as Said,
    largeText: ['文字を大きく', 'もじをおおきく'] as Said,
  },
  frontDoor: {
    municipalityOf: (name: string) => `${name}の`,
    title: ['困りごとを相談する', 'こまりごとをそうだんする'] as Said,
    lead: ['福祉の相談窓口です。暮らしの困りごと、家族や近所の人の心配ごと、どんなことでも相談できます。', 'ふくしのそうだんまどぐちです。くらしのこまりごと、かぞくやきんじょのひとのしんぱいごと、どんなことでもそうだんできます。'] as Said,
    consult: ['相談する', 'そうだんする'] as Said,
    consultHint: ['ウェブで相談を送る（いつでも）', 'うぇぶでそうだんをおくる（いつでも）'] as Said,
    call: ['電話する', 'でんわする'] as Said,
    callLabel: (number: string, name: string) => `電話する ${number}${name ? `（${name}）` : ''}`,
    find: ['相談窓口をさがす', 'そうだんまどぐちをさがす'] as Said,
    findHint: ['近くの窓口・サロン・サービス', 'ちかくのまどぐち・さろん・さーびす'] as Said,
    staff: ['職員・民生委員の方のログイン', 'しょくいん・みんせいいいんのかたのろぐいん'] as Said,
  },
};
