import type { ComponentChildren } from 'preact'

/** The row of choices above a page's figures; each choice is a query parameter (see routing/urlState.ts). */
export function Controls({ children }: { children: ComponentChildren }) {
  return <form class="controls" onSubmit={(event) => event.preventDefault()}>{children}</form>
}

export interface Option {
  value: string
  label: string
}

export function Select(props: { name: string; label: string; value: string; options: Option[]; onChange(value: string): void }) {
  return (
    <label>
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A date of the window, as the API reads it (YYYY-MM-DD, midnight UTC); cleared, the window is open at that end. */
export function DateInput(props: { name: string; label: string; value: string; onChange(value: string): void }) {
  return (
    <label>
      <span>{props.label}</span>
      <input type="date" name={props.name} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)} />
    </label>
  )
}

/** Text applied when the person leaves the field or presses Enter, not at every keystroke (each is a request). */
export function TextInput(props: { name: string; label: string; value: string; placeholder?: string; onChange(value: string): void }) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        type="text"
        name={props.name}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.currentTarget.value.trim())}
      />
    </label>
  )
}
