/**
 * Divisions of a city of ~2,900 staff: 14 departments, 100 divisions, 37 of
 * them with counters (town-data.md: ~35% *est.*). `profile` says how much of
 * the division's work can be done from home: `field` roles (fire stations,
 * nurseries, plants) never telework, `mixed` ones partly, `office` ones
 * almost all. `demand` names the calendar rule its counters follow.
 */
export type Profile = 'office' | 'mixed' | 'field';
export type Demand = 'registry' | 'tax' | 'general';

export interface CatalogueCounter {
  readonly id: string;
  readonly name: string;
}

export interface CatalogueDivision {
  readonly id: string;
  readonly name: string;
  readonly profile: Profile;
  readonly demand?: Demand;
  readonly counters: readonly CatalogueCounter[];
}

export interface CatalogueDepartment {
  readonly name: string;
  readonly divisions: readonly CatalogueDivision[];
}

/** `d('shimin', '市民課', 'office', 'registry', 'ido:住民異動窓口', …)` */
function d(id: string, name: string, profile: Profile, demand?: Demand, ...counters: string[]): CatalogueDivision {
  return {
    id,
    name,
    profile,
    ...(demand ? { demand } : {}),
    counters: counters.map((c) => {
      const [cid, cname] = c.split(':');
      return { id: cid, name: cname };
    }),
  };
}

// prettier-ignore
export const CITY_DEPARTMENTS: readonly CatalogueDepartment[] = [
  { name: '総務部', divisions: [
    d('somu', '総務課', 'office', 'general', 'annai:総合案内'),
    d('jinji', '人事課', 'office'),
    d('shokuin', '職員厚生課', 'office'),
    d('hoki', '法務課', 'office'),
    d('keiyaku', '契約課', 'office', 'general', 'nyusatsu:入札・契約窓口'),
    d('kikikanri', '危機管理課', 'mixed'),
    d('johoseisaku', '情報政策課', 'office'),
    d('kanzai', '管財課', 'mixed'),
    d('gikai', '議会事務局', 'office'),
    d('senkyo', '選挙管理委員会事務局', 'office'),
    d('kansa', '監査委員事務局', 'office'),
  ] },
  { name: '企画政策部', divisions: [
    d('kikaku', '企画課', 'office'),
    d('koho', '広報課', 'office'),
    d('dx', 'DX推進課', 'office'),
    d('gyokaku', '行政改革課', 'office'),
    d('tokei', '統計課', 'office'),
    d('kokusai', '国際交流課', 'office'),
    d('danjo', '男女共同参画課', 'office', 'general', 'sodan:女性相談窓口'),
  ] },
  { name: '財務部', divisions: [
    d('zaisei', '財政課', 'office'),
    d('shiminzei', '市民税課', 'office', 'tax', 'shiminzei:市民税窓口', 'shomei:税証明窓口'),
    d('shisanzei', '資産税課', 'mixed', 'tax', 'kotei:固定資産税窓口'),
    d('nozei', '納税課', 'office', 'tax', 'nozei:納税窓口', 'sodan:納税相談窓口'),
    d('saiken', '債権管理課', 'office'),
    d('kaikei', '会計課', 'office', 'general', 'suito:出納窓口'),
  ] },
  { name: '市民生活部', divisions: [
    d('shimin', '市民課', 'office', 'registry', 'ido:住民異動窓口', 'shomei:証明発行窓口', 'koseki:戸籍窓口'),
    d('kokuho', '国保年金課', 'office', 'general', 'kokuho:国保窓口', 'nenkin:年金窓口', 'iryo:医療助成窓口'),
    d('sodan', '市民相談課', 'office', 'general', 'sodan:市民相談窓口'),
    d('kyodo', '市民協働課', 'office'),
    d('anzen', '生活安全課', 'mixed'),
    d('jinken', '人権推進課', 'office'),
    d('hokubu', '北部支所', 'office', 'registry', 'madoguchi:支所窓口'),
    d('nanbu', '南部支所', 'office', 'registry', 'madoguchi:支所窓口'),
  ] },
  { name: '福祉部', divisions: [
    d('fukushisomu', '福祉総務課', 'office'),
    d('chiikifukushi', '地域福祉課', 'office'),
    d('shogai', '障害福祉課', 'office', 'general', 'shogai:障害福祉窓口', 'techo:手帳交付窓口'),
    d('seikatsu', '生活福祉課', 'mixed', 'general', 'hogo:生活保護相談窓口'),
    d('jiritsu', '自立支援課', 'office', 'general', 'jiritsu:自立相談窓口'),
    d('korei', '高齢福祉課', 'office', 'general', 'korei:高齢者相談窓口'),
    d('kaigo', '介護保険課', 'office', 'general', 'kaigo:介護保険窓口', 'nintei:要介護認定窓口'),
    d('hokatsu', '地域包括ケア推進課', 'mixed'),
  ] },
  { name: '健康医療部', divisions: [
    d('kenko', '健康づくり課', 'mixed', 'general', 'kenshin:健診窓口'),
    d('yobo', '保健予防課', 'mixed', 'general', 'sesshu:予防接種窓口'),
    d('iryoseisaku', '医療政策課', 'office'),
    d('eisei', '生活衛生課', 'mixed', 'general', 'kyoka:衛生許可窓口'),
    d('hokencenter', '保健センター', 'mixed'),
    d('byoin', '市民病院事務局', 'office'),
  ] },
  { name: 'こども未来部', divisions: [
    d('kodomo', 'こども政策課', 'office'),
    d('kosodate', '子育て支援課', 'office', 'general', 'teate:児童手当窓口', 'josei:医療費助成窓口'),
    d('hoikuka', '保育課', 'office', 'general', 'nyuen:入園窓口'),
    d('hoikusho', '市立保育所', 'field'),
    d('jidokan', '児童館', 'field'),
    d('katei', '家庭児童相談課', 'mixed', 'general', 'sodan:家庭児童相談窓口'),
  ] },
  { name: '環境部', divisions: [
    d('kankyo', '環境政策課', 'office'),
    d('gomi', 'ごみ減量推進課', 'mixed', 'general', 'gomi:ごみ相談窓口'),
    d('seiso', '清掃事務所', 'field'),
    d('clean', 'クリーンセンター', 'field'),
    d('hozen', '環境保全課', 'mixed'),
  ] },
  { name: '経済観光部', divisions: [
    d('shoko', '商工振興課', 'office'),
    d('kigyo', '企業誘致課', 'office'),
    d('kanko', '観光課', 'office'),
    d('nosei', '農政課', 'mixed'),
    d('noi', '農業委員会事務局', 'office', 'general', 'nochi:農地窓口'),
    d('koyo', '雇用労働課', 'office', 'general', 'shuro:就労相談窓口'),
    d('shijo', '地方卸売市場', 'field'),
    d('ringyo', '林業水産課', 'mixed'),
  ] },
  { name: '都市整備部', divisions: [
    d('toshikeikaku', '都市計画課', 'office', 'general', 'keikaku:都市計画窓口'),
    d('shigaichi', '市街地整備課', 'office'),
    d('kaihatsu', '開発指導課', 'office', 'general', 'kaihatsu:開発許可窓口'),
    d('kenchiku', '建築指導課', 'office', 'general', 'kakunin:建築確認窓口'),
    d('jutaku', '住宅課', 'office', 'general', 'shiei:市営住宅窓口'),
    d('koen', '公園緑地課', 'mixed'),
    d('kotsu', '交通政策課', 'office'),
  ] },
  { name: '建設部', divisions: [
    d('kensetsusomu', '建設総務課', 'office'),
    d('doboku', '土木管理課', 'office', 'general', 'senyo:道路占用窓口'),
    d('doro', '道路建設課', 'mixed'),
    d('iji', '道路維持課', 'field'),
    d('kasen', '河川課', 'mixed'),
    d('yochi', '用地課', 'office'),
    d('eizen', '営繕課', 'mixed'),
  ] },
  { name: '上下水道局', divisions: [
    d('suidosomu', '水道総務課', 'office'),
    d('ryokin', '料金課', 'office', 'general', 'ryokin:水道料金窓口', 'kaiheisen:開閉栓受付'),
    d('kyusui', '給水課', 'mixed', 'general', 'kyusui:給水装置窓口'),
    d('haisui', '配水課', 'field'),
    d('gesui', '下水道課', 'mixed'),
    d('josui', '浄水場', 'field'),
  ] },
  { name: '教育委員会事務局', divisions: [
    d('kyoikusomu', '教育総務課', 'office'),
    d('gakumu', '学務課', 'office', 'general', 'shugaku:就学窓口'),
    d('shido', '学校指導課', 'office'),
    d('shogaigakushu', '生涯学習課', 'mixed', 'general', 'kominkan:公民館受付'),
    d('toshokan', '中央図書館', 'mixed', 'general', 'counter:図書館カウンター', 'sanko:レファレンス'),
    d('sports', 'スポーツ振興課', 'mixed'),
    d('kyushoku', '学校給食センター', 'field'),
    d('bunkazai', '文化財課', 'mixed'),
  ] },
  { name: '消防局', divisions: [
    d('shobosomu', '消防総務課', 'mixed'),
    d('kasaiyobo', '予防課', 'mixed', 'general', 'shinsei:防火申請窓口'),
    d('keibo', '警防課', 'field'),
    d('shirei', '指令課', 'field'),
    d('chuoshobo', '中央消防署', 'field'),
    d('kitashobo', '北消防署', 'field'),
    d('minamishobo', '南消防署', 'field'),
  ] },
];

/** Wards that repeat the catalogue in organisations larger than one city. */
export const WARDS: readonly (readonly [string, string])[] = [
  ['chuo', '中央区'],
  ['kita', '北区'],
  ['minami', '南区'],
  ['higashi', '東区'],
  ['nishi', '西区'],
  ['minato', '港区'],
  ['midori', '緑区'],
  ['aoba', '青葉区'],
  ['izumi', '泉区'],
  ['sakura', '桜区'],
];

export function wardOf(copy: number): readonly [string, string] {
  return WARDS[copy - 1] ?? [`ku${copy}`, `第${copy}区`];
}
