/**
 * Request parameters read once into plain data (STYLE rule 24), remembering repeats so protocol
 * endpoints can refuse duplicated parameters (STYLE rule 27; RFC 6749 §3.1).
 */
export class Params {
  readonly #values: ReadonlyMap<string, readonly string[]>

  constructor(values: ReadonlyMap<string, readonly string[]>) {
    this.#values = values
  }

  static fromSearchParams(search: URLSearchParams): Params {
    const values = new Map<string, string[]>()
    for (const [key, value] of search) {
      const list = values.get(key)
      if (list) list.push(value)
      else values.set(key, [value])
    }
    return new Params(values)
  }

  static empty(): Params {
    return new Params(new Map())
  }

  /** Names of parameters that appear more than once. */
  duplicated(): string[] {
    return [...this.#values].filter(([, list]) => list.length > 1).map(([name]) => name)
  }

  /** The value, or undefined when absent or empty; the first one when repeated (check `duplicated` first). */
  get(name: string): string | undefined {
    const value = this.#values.get(name)?.[0]
    return value === undefined || value === '' ? undefined : value
  }

  has(name: string): boolean {
    return this.#values.has(name)
  }

  /** The parameters as an `application/x-www-form-urlencoded` string (repeats kept). */
  toQueryString(): string {
    const search = new URLSearchParams()
    for (const [name, list] of this.#values) for (const value of list) search.append(name, value)
    return search.toString()
  }
}
