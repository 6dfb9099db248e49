/**
 * Words in company names that do not tell two companies apart: legal forms, articles,
 * conjunctions, and abbreviations of common business words. Data, not logic: `names.ts`
 * and `name-similarity.ts` apply it.
 *
 * Every entry is written as it looks after `looseName`'s folding: lower case, accents removed,
 * ß/æ/ø/ł-style letters folded, German/Scandinavian digraphs folded (ae → a, oe → o, ue → u,
 * aa → a), dots and apostrophes dropped, other punctuation a space, and runs of single letters
 * merged ("S. A. de C. V." → "sa de cv", "A/S" → "as", "Sp. z o. o." → "sp zoo").
 * A test checks each entry is already in that form.
 */

/** Parses a list of space-separated word sequences. */
function sequences(list: readonly string[]): readonly (readonly string[])[] {
  return list.map((s) => s.split(' '));
}

/**
 * Legal forms removed from the END of a name, repeatedly ("Acme GmbH & Co. KG" → "acme"),
 * never leaving it empty. Longer sequences are tried first.
 */
export const TRAILING_LEGAL_FORMS: readonly (readonly string[])[] = sequences([
  // English-speaking countries
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'cos',
  'company',
  'llc',
  'lc',
  'pllc',
  'llp',
  'lllp',
  'rllp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pc',
  'pa',
  'chtd',
  'chartered',
  'na',
  'pty',
  'pty ltd',
  'pty limited',
  'nl',
  'pvt',
  'pvt ltd',
  'private limited',
  'pte',
  'pte ltd',
  'ulc',
  'cic',
  'ltee', // Ltée (Québec)
  // Latin America, Spain, Portugal, Italy
  'sa',
  'sab',
  'sau',
  'sa de cv',
  'sab de cv',
  'sapi de cv',
  's de rl',
  's de rl de cv',
  'sa de rl',
  'sl',
  'slu',
  'sc',
  'scp',
  'ltda',
  'lda',
  'eireli',
  'sac',
  'sas',
  'spa',
  'srl',
  'sagl',
  'snc',
  's en c',
  // France, Belgium, Switzerland, Luxembourg
  'sarl',
  'sa rl',
  'sasu',
  'eurl',
  'sca',
  'scs',
  'sprl',
  'bvba',
  'asbl',
  // German-speaking countries
  'gmbh',
  'ggmbh',
  'mbh',
  'gesmbh',
  'ag',
  'aktiengesellschaft',
  'kg',
  'kga', // KGaA (aa → a)
  'ohg',
  'gbr',
  'ug',
  'ug haftungsbeschrankt',
  'ev',
  'eg',
  'ek',
  'se',
  // Netherlands
  'bv',
  'nv',
  'vof',
  // Nordic and Baltic countries
  'ab',
  'publ', // "AB (publ)"
  'hb',
  'kb',
  'as',
  'asa',
  'aps',
  'oy',
  'oyj',
  'ou', // OÜ
  'hf',
  'ehf',
  'sia',
  'uab',
  // Central and Eastern Europe
  'sp zoo',
  'sp z oo',
  'sk', // spółka komandytowa
  'sro',
  'spol sro',
  'spol s ro',
  'kft',
  'zrt',
  'nyrt',
  'bt',
  'doo',
  'dd',
  'ad',
  'ood',
  'eood',
  // Russia and CIS, transliterated and in Cyrillic
  'jsc',
  'pjsc',
  'ojsc',
  'cjsc',
  'ооо',
  'оао',
  'зао',
  'пао',
  'ао',
  'ип',
  'тов',
  'тоо',
  'пат',
  'прат',
  'еоод',
  'оод',
  // Greece, Turkey, Israel, Arab countries
  'αε',
  'επε',
  'ικε',
  'οε',
  'ltd sti', // Ltd. Şti.
  'בע מ',
  'בעמ',
  'ذمم',
  'شمم',
  // Asia
  'kk',
  'gk',
  'yk',
  'kabushiki kaisha',
  'godo kaisha',
  'yugen kaisha',
  'co ltd',
  'bhd',
  'sdn bhd',
  'tbk',
  '株',
  '有',
  '合',
  '주',
  'จํากัด', // จำกัด in NFKC (sara am split), as normaliseName leaves it
  'มหาชน',
]);

/** Legal forms written BEFORE the name ("ООО «Ромашка»", "(株)トヨタ", "บริษัท …"). */
export const LEADING_LEGAL_FORMS: readonly (readonly string[])[] = sequences([
  'ооо',
  'оао',
  'зао',
  'пао',
  'ао',
  'ип',
  'тов',
  'тоо',
  'пат',
  'прат',
  'ooo',
  'oao',
  'zao',
  'pao',
  'kabushiki kaisha',
  '株',
  '有',
  '合',
  '주',
  'บริษัท',
]);

/**
 * Legal forms that are never a word of a name, removed wherever they stand except first:
 * "Acme Inc. (USA)" → "acme usa". Short or ambiguous forms ("as", "se", "spa", "co") are only
 * removed at the end, where they are a legal form.
 */
export const EMBEDDED_LEGAL_FORMS: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'pllc',
  'llp',
  'lllp',
  'ltd',
  'limited',
  'plc',
  'corp',
  'corporation',
  'gmbh',
  'sarl',
  'bvba',
  'oyj',
]);

/**
 * Legal forms glued to a name in scripts written without spaces: "トヨタ自動車株式会社",
 * "华为技术有限公司", "삼성전자주식회사". Removed from the start or end of a word; longer
 * forms are tried first.
 */
export const AFFIX_LEGAL_FORMS: readonly string[] = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合資会社',
  '合名会社',
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '有限公司',
  '주식회사',
  '유한회사',
];

/** Articles dropped at the start of a name ("The Home Depot") or at its end ("Home Depot, The"). */
export const ARTICLES: ReadonlySet<string> = new Set([
  'the',
  'die',
  'der',
  'das',
  'le',
  'la',
  'les',
  'el',
  'los',
  'las',
  'il',
  'lo',
  'het',
]);

/**
 * "and" in the languages of vendor masters, dropped between two words, as "&" and "+" are:
 * "Johnson and Johnson" = "Johnson & Johnson", "Núñez y Asociados" = "Nunez & Asociados".
 */
export const CONJUNCTIONS: ReadonlySet<string> = new Set(['and', 'und', 'et', 'y', 'e', 'og', 'och', 'и']);

/**
 * Abbreviations of business words, spelled out before two names are compared
 * ("Acme Intl" ~ "Acme International"). Only those that mean one thing in a company name.
 */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['intl', 'international'],
  ['natl', 'national'],
  ['mfg', 'manufacturing'],
  ['mfr', 'manufacturer'],
  ['mfrs', 'manufacturers'],
  ['svc', 'service'],
  ['svcs', 'services'],
  ['srvcs', 'services'],
  ['assoc', 'associates'],
  ['assocs', 'associates'],
  ['assn', 'association'],
  ['bros', 'brothers'],
  ['tech', 'technology'],
  ['sys', 'systems'],
  ['mgmt', 'management'],
  ['mgt', 'management'],
  ['dev', 'development'],
  ['engr', 'engineering'],
  ['distr', 'distribution'],
  ['elec', 'electric'],
  ['ctr', 'center'],
  ['grp', 'group'],
  ['hldg', 'holding'],
  ['hldgs', 'holdings'],
  ['inds', 'industries'],
  ['indus', 'industries'],
  ['labs', 'laboratories'],
  ['lab', 'laboratory'],
  ['univ', 'university'],
  ['prods', 'products'],
  ['mktg', 'marketing'],
  ['govt', 'government'],
  ['dept', 'department'],
  ['equip', 'equipment'],
  ['ins', 'insurance'],
]);
