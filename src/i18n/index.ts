// Public surface of the i18n module: messages, names, formatting (METHOD §2.1 rounding), explanations.
export { LOCALES, localeFromSlack, type Locale } from "./locale.js";
export { t, tCode, name, hasName, vocabulary, messageKeys, type MessageKey, type MessageParams } from "./catalog.js";
export {
  VOCABULARY_CODES,
  ATTITUDES,
  RELATIONSHIP_STRENGTHS,
  RED_FLAGS,
  ACTION_CODES,
  COMPONENTS,
  COLLECT_FIELDS,
  type Vocabulary,
  type VocabularyKind,
  type AttitudeCode,
  type StrengthCode,
  type CollectField,
} from "./vocabulary.js";
export { display2, ceilCount, quantize9, compareQuantized, displayFixed } from "./decimal.js";
export {
  formatScore,
  formatScoreDelta,
  formatPercent,
  formatPercentPoints,
  formatMultiple,
  formatKappa,
  formatInt,
  formatCeilCount,
  formatDecimalCount,
  formatDate,
  formatMonthDay,
} from "./format.js";
export {
  formatMoney,
  formatMoneyExact,
  formatYuanPlain,
  parseMoney,
  type MoneyParse,
  type MoneyParseError,
} from "./money.js";
export {
  driverText,
  redFlagText,
  actionText,
  collectNextQuestion,
  quadrantLabel,
  subScoreLabel,
  type ContactRef,
  type NeedRef,
  type DriverContext,
} from "./explain.js";
