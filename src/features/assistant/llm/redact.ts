// A provider's error message can quote the credential it refused ("401 Incorrect API key provided: sk-…"), and the
// adapter's errors end up in the logs. Whatever looks like a key is replaced before the message leaves the adapter.

const REDACTED = "[redacted]";
/** Shorter configured values would blank ordinary words; real keys are far longer. */
const MIN_SECRET_LENGTH = 8;

/** `text` with the given secrets, `Bearer …` tokens and `sk-…` keys (also masked ones: `sk-proj-ab***yz`) replaced. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  return out
    .replace(/\bBearer\s+[\w~+/=*-]+(?:\.[\w~+/=*-]+)*/gi, `Bearer ${REDACTED}`)
    .replace(/\bsk-[\w*-]{3,}/g, `sk-${REDACTED}`);
}
