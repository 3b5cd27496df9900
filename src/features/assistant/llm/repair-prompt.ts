// The one follow-up message sent when a structured answer could not be used. It names the problem and asks
// for the whole answer again; it never hints at content, so a retry cannot be steered into inventing facts.

export const repairPrompt = (problem: string): string =>
  `Your previous reply could not be used: ${problem}. Reply again with only the JSON object that matches the ` +
  "required schema: no prose, no code fences, every property present (null or [] when unknown).";
