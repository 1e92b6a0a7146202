/**
 * Server-rendered HTML: an escaping template tag, so every interpolated value is escaped unless it is
 * itself an `HTML` fragment built by this tag.
 */
import { escapeHTML } from '../../platform/escape-html.ts'

export class HTML {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

export { escapeHTML }

type Interpolation = HTML | string | number | null | undefined | false | readonly Interpolation[]

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof HTML) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHTML(String(value))
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): HTML {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new HTML(out)
}
