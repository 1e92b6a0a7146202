/**
 * Reading a submitted form into the typed body the Admin API takes (its types come from the generated
 * schema): text trimmed, blank optional fields as null, choices checked against their allowed values
 * (so a body never needs a cast), checkboxes, numbers, several values, files.
 */

export interface FormFields {
  /** The trimmed text of `name` ('' when absent). */
  text(name: string): string
  /** The trimmed text of `name`, or null when blank. */
  optional(name: string): string | null
  /** The value of `name` when it is one of `choices`, else `fallback`. */
  choice<const C extends string>(name: string, choices: readonly C[], fallback: C): C
  /** Whether the checkbox `name` is ticked. */
  checked(name: string): boolean
  number(name: string): number
  /** Every value of `name` (checkboxes of one name). */
  all(name: string): string[]
  /** The file chosen in `name`, if any (not an empty one). */
  file(name: string): File | null
}

export function fieldsOf(form: HTMLFormElement): FormFields {
  const data = new FormData(form)
  const text = (name: string) => {
    const value = data.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  return {
    text,
    optional: (name) => (text(name) === '' ? null : text(name)),
    choice: (name, choices, fallback) => {
      const value = text(name)
      return choices.find((c) => c === value) ?? fallback
    },
    checked: (name) => data.get(name) === 'on',
    number: (name) => Number(text(name)),
    all: (name) => data.getAll(name).filter((v): v is string => typeof v === 'string'),
    file: (name) => {
      const value = data.get(name)
      return value instanceof File && value.size > 0 ? value : null
    },
  }
}
