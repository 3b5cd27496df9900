export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Slack user locales look like "zh-CN", "zh-TW", "en-US", "ja-JP" (users.info `locale`). Every Chinese
 * variant gets the simplified catalogue, since that is the one we have; everything else gets English.
 */
export function localeFromSlack(slackLocale: string | null | undefined): Locale {
  if (!slackLocale) return "en";
  return /^zh(?:[-_]|$)/i.test(slackLocale.trim()) ? "zh-CN" : "en";
}
