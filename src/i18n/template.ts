// Message templates: a string with {placeholders}, or a function when a language needs logic (en plurals).
// Placeholder names are read from the string literal types, so `t()` knows which params a key needs.

export type Param = string | number;

/** A function template takes its own param object; `never` accepts any such function. */
export type Template = string | ((p: never) => string);

/** "{n} 个客户，截至 {date}" → "n" | "date". */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** The params object a template needs. */
export type TemplateParams<T> = T extends string
  ? { [K in Placeholders<T>]: Param }
  : T extends (p: infer P) => string
    ? P
    : never;

/** Fills {name} placeholders; an unknown placeholder stays visible rather than throwing. */
export function fill(template: string, params: Readonly<Record<string, Param>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
