// Markup built from a template that escapes every value unless it is already markup built here, so
// that nothing from the store (question text, passage ids) can become HTML by accident.

/** Markup built by `html`, safe to insert as it is. */
export class Markup {
  constructor(readonly value: string) {}
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += insert(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

function insert(value: unknown): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(insert).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** Escapes text for an element or a quoted attribute, and drops control characters HTML does not allow. */
export function escapeHtml(text: string): string {
  return text
    .replace(/(?![\t\n\r])\p{Cc}/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
