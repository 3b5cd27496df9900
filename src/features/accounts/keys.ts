// Derived lookup keys stored next to what they derive from.

/**
 * Account and alias lookup key: Unicode NFKC (full-width → half-width, e.g. ＡＣＭＥ → ACME), lower case, and
 * without whitespace or punctuation, so "某省 大数据管理局", "某省大数据管理局" and "ACME Corp." vs "acme corp" match.
 * Chinese characters stay as they are; pinyin and abbreviations go into AccountAlias.
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Installation.installKey: `<enterpriseId or ''>:<teamId or ''>`. An org-wide install is keyed by its enterprise
 *  alone; a workspace install by enterprise (if any) and team. A unique index over the two nullable columns would
 *  not prevent duplicates (SQL treats NULLs as distinct), this non-null key does. */
export function installationKey(ids: {
  enterpriseId?: string | null;
  teamId?: string | null;
  isEnterpriseInstall?: boolean;
}): string {
  const team = ids.isEnterpriseInstall ? "" : (ids.teamId ?? "");
  const enterprise = ids.enterpriseId ?? "";
  if (team === "" && enterprise === "") throw new Error("an installation needs a team id or an enterprise id");
  return `${enterprise}:${team}`;
}
