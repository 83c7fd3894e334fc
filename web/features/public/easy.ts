import type { Dictionary, DictionaryPatch } from '../../lib/i18n';

/**
 * The residents' pages in やさしい日本語 (plain Japanese): short sentences, everyday words,
 * kanji kept few, words spaced. The form has every key of the ordinary text, so no label is
 * left behind; the patch below also says 必須, the error summary and every validation message
 * plainly, because they are part of what a resident reads.
 */
export const easyJapanese: Dictionary['consultations']['public'] = {
  title: 'そうだんする',
  lead: (muni: string) => `${muni ? `${muni}の ` : ''}そうだんの まどぐちです。こまっていること、しんぱいなことを なんでも そうだんできます。かけるところだけ かいてください。`,
  formTitle: 'そうだんを おくる',
  summary: 'こまっていること',
  summaryHint: 'こまっていることを書いてください。みじかくても だいじょうぶです。',
  aboutSomeoneElse: 'じぶんでは ありません。かぞくや きんじょの 人の ことです',
  aboutSomeoneElseHint: 'しんぱいな 人の ことを おしえてください。',
  aboutThem: 'しんぱいな 人の こと',
  relation: 'その 人と あなたの かんけい',
  relations: { family: 'かぞく・しんせき', neighbour: 'きんじょの 人', acquaintance: 'ともだち・しりあい', commissioner: 'みんせいいいん・ふくしいん', business: 'おみせ・かいしゃの 人', other: 'そのほか' },
  subjectName: 'その 人の なまえ（わかれば）',
  subjectNameHint: 'わからなければ かかなくて いいです。',
  address: 'すんでいる ところ（町の なまえ）',
  addressHint: 'ちかくの まどぐちが たんとうします。わからないときは えらばなくて いいです。',
  addressNone: 'えらばない',
  aboutYou: 'あなた（おくる 人）の こと（かかなくても いいです）',
  aboutYouHint: 'でんわばんごうや メールが ないと、こちらから れんらく できません。',
  anonymous: 'なまえを いわないで そうだんする',
  anonymousHint: 'なまえを いわないときは、こちらから れんらく できません。',
  name: 'なまえ',
  nameKana: 'なまえの よみかた（ひらがな）',
  phone: 'でんわばんごう',
  phoneHint: 'れい：0837-52-1111',
  email: 'メールアドレス',
  contactPreference: 'どうやって れんらく してほしいですか',
  preferences: { phone: 'でんわ', email: 'メール', letter: 'てがみ', visit: 'いえに きてほしい', none: 'れんらくは いらない' },
  honeypot: 'ここには なにも かかないでください',
  privacy: 'かいた ことは、そうだんの ためだけに つかいます。',
  submit: 'おくる',
  sending: 'おくっています…',
  callTitle: 'でんわでも そうだんできます',
  phoneOf: (name: string) => `（${name}の でんわ）`,
  rateLimited: 'みじかい あいだに なんかいも おくりました。すこし まってから、もういちど おくってください。いそぐときは でんわで そうだんしてください。',
  nextStepsContact: 'そうだんは まどぐちに とどきました。たんとうの 人から、ふつうは 3日いないに（やすみの 日を のぞいて）れんらくします。うけつけ ばんごうを メモしてください。',
  nextStepsNoContact: 'そうだんは まどぐちに とどきました。れんらくさきが ないので、こちらから れんらく できません。はなしたいときは、下の まどぐちに でんわして、うけつけ ばんごうを いってください。',
  receiptTitle: 'そうだんを うけつけました',
  receiptNumber: 'うけつけ ばんごう',
  keepNumber: 'この ばんごうを メモしてください。でんわで きくときに つかいます。',
  window: 'たんとうの まどぐち',
  phoneLabel: 'でんわ',
  another: 'ほかの そうだんを する',
};

/** Everything a resident reads on the public pages, said plainly (laid over the page by the app shell while the switch is on). */
export const EASY_JAPANESE: DictionaryPatch = {
  common: {
    required: 'かならず かく',
    optional: 'かかなくても いい',
    errorSummaryTitle: 'かいた ことを たしかめてください',
    errorPrefix: 'まちがい：',
    networkError: 'つながりません。でんぱの よい ところで、もういちど おくってください。',
    loadFailed: 'よみこめませんでした。もういちど ためしてください。',
    loading: 'よみこんでいます…',
  },
  issues: {
    required: 'かいてください。',
    choose: 'えらんでください。',
    tooShort: 'みじかすぎます。',
    tooLong: 'ながすぎます。みじかく してください。',
    format: 'かきかたが ちがいます。れいを みてください。',
    invalid: 'かきかたが ちがいます。',
    unknownField: 'この こうもくは つかえません。',
  },
  layout: {
    footerPublic: 'こまった ことは、なんでも そうだん してください。かいた ことは、そうだんの たんとうの 人だけが みます。',
  },
  nav: { consult: 'そうだんする', directory: 'まどぐちを さがす' },
  consultations: { public: easyJapanese },
  residents: {
    display: { group: ['ひょうじ', 'ひょうじ'] },
    frontDoor: {
      municipalityOf: (name: string) => `${name}の `,
      title: ['こまった ことを そうだんする', 'こまったことをそうだんする'],
      lead: ['ふくしの そうだんの まどぐちです。くらしの こまりごと、かぞくや きんじょの 人の しんぱいごと、なんでも そうだん できます。', 'ふくしのそうだんのまどぐちです。くらしのこまりごと、かぞくやきんじょのひとのしんぱいごと、なんでもそうだんできます。'],
      consult: ['そうだんする', 'そうだんする'],
      consultHint: ['ウェブで そうだんを おくる（いつでも）', 'うぇぶでそうだんをおくる（いつでも）'],
      call: ['でんわする', 'でんわする'],
      callLabel: (number: string, name: string) => `でんわする ${number}${name ? `（${name}）` : ''}`,
      find: ['そうだんの まどぐちを さがす', 'そうだんのまどぐちをさがす'],
      findHint: ['ちかくの まどぐち・サロン・サービス', 'ちかくのまどぐち・さろん・さーびす'],
      staff: ['しょくいん・みんせいいいんの 人の ログイン', 'しょくいん・みんせいいいんのひとのろぐいん'],
    },
  },
};
